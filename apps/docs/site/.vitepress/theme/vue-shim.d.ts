// Single-file components are compiled by VitePress's Vue plugin; tsc sees them as components.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
