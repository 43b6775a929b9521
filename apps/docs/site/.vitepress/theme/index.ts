import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import 'katex/dist/katex.min.css';
import './custom.css';
import TrainDemo from './components/TrainDemo.vue';
import DiffusionDemo from './components/DiffusionDemo.vue';
import AttentionDemo from './components/AttentionDemo.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('TrainDemo', TrainDemo);
    app.component('DiffusionDemo', DiffusionDemo);
    app.component('AttentionDemo', AttentionDemo);
  },
} satisfies Theme;
