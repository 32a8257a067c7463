// Entry point: styles, router and the app.
import '@picocss/pico/css/pico.min.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { language } from './lib/i18n.svelte';
import { startRouter } from './lib/router.svelte';

document.documentElement.lang = language();
startRouter();

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

export default mount(App, { target });
