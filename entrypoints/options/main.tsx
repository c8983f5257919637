import { render } from 'preact';
import '../../components/theme.css';
import { t } from '../../components/i18n';
import { OptionsApp } from '../../components/options/OptionsApp';
import { uiLocale } from '../../components/ui/locale';

document.documentElement.lang = uiLocale();
document.title = t('optTitle');
render(<OptionsApp />, document.getElementById('app')!);
