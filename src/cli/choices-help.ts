/**
 * The help text of a flag whose values are the names of a registry
 * (`--controller`, `--measurer`, `worker --measure`): each name with its
 * description, so that help lists what the registry holds.
 *
 * @module
 */

/**
 * `name: description; name: description ...` of `entries`.
 *
 * @example
 * choicesHelp(controllers.entries()); // 'ppo: an LSTM policy trained with PPO, as in MnasNet; reinforce: ...'
 */
export function choicesHelp(entries: readonly { readonly name: string; readonly description: string }[]): string {
  return entries.map((e) => `${e.name}: ${e.description}`).join('; ');
}
