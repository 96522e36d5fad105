/**
 * `npm run admin:create -- --username quantri --name "Nguyễn Văn A" [--email a@b.vn] [--agency 000.00.00.H54]`
 * Creates an administrator in DATABASE_URL (or the embedded database under DATA_DIR). The password
 * is read from standard input (one line), never from the command line, where `ps` would show it.
 */
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createAdministrator } from "./admin-create";
import { openDatabase } from "./client";
import { applyMigrations } from "./migrate";

const { values } = parseArgs({
  options: { username: { type: "string" }, name: { type: "string" }, email: { type: "string" }, agency: { type: "string" } },
});
if (!values.username || !values.name) {
  console.error('Cách dùng: npm run admin:create -- --username TEN --name "Họ tên" [--email EMAIL] [--agency MA_CO_QUAN]  (mật khẩu đọc từ stdin)');
  process.exit(2);
}
if (process.stdin.isTTY) process.stderr.write("Mật khẩu (ít nhất 12 ký tự): ");
const lines = createInterface({ input: process.stdin });
const password = await new Promise<string>((resolve) => {
  lines.once("line", (line) => resolve(line));
  lines.once("close", () => resolve(""));
});
lines.close();

const handle = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: path.resolve(process.env.DATA_DIR ?? "data", "pglite") });
try {
  await applyMigrations(handle.db);
  const created = await createAdministrator(handle.db, { username: values.username, fullName: values.name, email: values.email, password, agencyIdentifier: values.agency });
  console.log(`Đã tạo tài khoản quản trị ${values.username} (${created.agencyName}).`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
