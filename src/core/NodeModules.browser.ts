/**
 * `NodeModules` for a bundle for a browser or a Worker (the package's `browser` field): no module of Node's is there
 * to import, and no `import()` is left in the bundle.
 *
 * @internal
 */

/** Nothing: `undefined` for every specifier. */
export const load = <A>(_specifier: string): Promise<A | undefined> => Promise.resolve(undefined)
