/** The shape an English namespace must have: every key of the Vietnamese one, each a string. */
export type TranslationOf<T> = { [K in keyof T]: T[K] extends string ? string : TranslationOf<T[K]> };
