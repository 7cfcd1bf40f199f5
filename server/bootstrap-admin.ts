import { User } from '../models';
import { hashPassword, generatePassword } from '../auth/passwords';
import type { Logger } from '../core/logger';

/**
 * Makes sure someone can sign in on a fresh database: creates the first admin from ADMIN_LOGIN /
 * ADMIN_PASSWORD, or with a generated one-time password printed to the console (never logged).
 */
export async function ensureFirstAdmin(login: string, password: string | undefined, logger: Logger, print: (s: string) => void): Promise<void> {
  if ((await User.count({ where: { role: 'admin' } })) > 0) return;
  const chosen = password ?? generatePassword();
  await User.create({ login, passwordHash: await hashPassword(chosen), fullName: 'Адміністратор', role: 'admin' });
  logger.info({ login }, 'first admin created');
  if (!password) {
    print(`\n  Перший вхід адміністратора: логін «${login}», пароль «${chosen}».\n  Змініть пароль після входу; цей пароль більше не буде показано.\n\n`);
  }
}
