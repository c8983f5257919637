import { render } from 'preact';
import '../../components/theme.css';
import { t } from '../../components/i18n';
import { SidePanelApp } from '../../components/sidepanel/SidePanelApp';
import { uiLocale } from '../../components/ui/locale';

document.documentElement.lang = uiLocale();
document.title = t('panelTitle');
render(<SidePanelApp />, document.getElementById('app')!);
