import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { assessment } from './ui/state/assessment.svelte.ts';

// DuckDB starts first, beside everything else: every start needs it (the demo or a saved
// assessment), and it is what takes longest.
assessment.warmUp();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
