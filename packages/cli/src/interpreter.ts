import type { Interpreter } from '@interop-design/openfn';

/**
 * The mapping interpreter `export openfn --verify` compares generated jobs with. Set once
 * @interop-design/transform is part of the build; until then --verify is refused with exit 2.
 */
export const defaultInterpreter: Interpreter | undefined = undefined;
