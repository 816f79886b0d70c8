// The one CEL environment every policy expression is compiled in: the typed variables, their
// struct types and the RE2 `matches`. Building an environment is costly, so it is built once,
// when this module is first imported.
import { Environment } from '@marcbachmann/cel-js';
import { re2Matches } from './regex.ts';
import { RE2_FUNCTION } from './rewrite.ts';
import { STRUCTS, VARIABLE_TYPES } from './types.ts';

function createEnvironment(): Environment {
  // Optional types give authors a total way to read a key that may be absent, e.g.
  // `findings.counts.?email.orValue(0) > 0` or `args.?amount.orValue(0.0) > 100.0`;
  // plain `findings.counts.email` fails at runtime when there is no email finding.
  const env = new Environment({ enableOptionalTypes: true });
  for (const struct of STRUCTS) env.registerType(struct.typeName, { ctor: struct.ctor, fields: { ...struct.fields } });
  for (const variable of VARIABLE_TYPES) env.registerVariable(variable.name, variable.type);
  // Both forms CEL defines: `s.matches(p)` and `matches(s, p)` (the library only has the first).
  env.registerFunction(`string.${RE2_FUNCTION}(string): bool`, (text: string, pattern: string) => re2Matches(text, pattern));
  env.registerFunction(`${RE2_FUNCTION}(string, string): bool`, (text: string, pattern: string) => re2Matches(text, pattern));
  return env;
}

export const policyEnvironment: Environment = createEnvironment();
