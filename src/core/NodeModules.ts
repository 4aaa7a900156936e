/**
 * Node's own modules and the optional peers a Node server uses, imported by a name held in a variable the first time
 * they are needed, so no bundler carries them. A bundle for a browser or a Worker (the package's `browser` field)
 * gets `NodeModules.browser.js` instead, which imports nothing: a Worker's loader given the bundle as a script
 * refuses an `import()` whose specifier is not written out.
 *
 * @internal
 */

/** The module named `specifier`, or `undefined` where it cannot be imported. */
export const load = <A>(specifier: string): Promise<A | undefined> =>
  import(/* webpackIgnore: true */ /* @vite-ignore */ specifier).catch(() => undefined)
