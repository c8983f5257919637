import { render } from 'preact';
import { SidePanelApp } from '../../components/sidepanel/SidePanelApp';

render(<SidePanelApp />, document.getElementById('app')!);
