// eslint-plugin-security ships no types; this is the part specgate reads.
declare module 'eslint-plugin-security' {
  const plugin: {
    readonly meta: { readonly name: string; readonly version: string };
    readonly rules: Record<string, { readonly meta?: { readonly docs?: { readonly description?: string; readonly url?: string } } }>;
  };
  export default plugin;
}
