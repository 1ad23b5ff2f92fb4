import type { Command } from "commander";
import { setUserDisabled } from "../modules/users/disable.js";
import { cliContext, m, output, withDatabase } from "./common.js";

/** `concord user disable|enable EMAIL`: as `user create`, the operator of the database acts. */
export function registerUserStatusCommands(user: Command) {
  for (const [name, disabled] of [["disable", true], ["enable", false]] as const) {
    user
      .command(`${name} <email>`)
      .description(m(`user.${name}.description`))
      .action(async (email: string, _opts: unknown, cmd: Command) => {
        const changed = await withDatabase((db) => setUserDisabled(cliContext(db), email, disabled));
        output(cmd, m(`user.${name}.done`, { email: changed.email }), changed);
      });
  }
}
