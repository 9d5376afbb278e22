import assert from "node:assert/strict";
import { test } from "node:test";
import { asksForPasswordChange, formProblems, serverProblems } from "../src/lib/password.js";

test("the form is checked on the phone: empty fields, two different new passwords", () => {
  assert.deepEqual(formProblems({ old_password: "a", new_password: "b", again: "b" }), {});
  assert.deepEqual(Object.keys(formProblems({ old_password: "", new_password: "", again: "" })), [
    "old_password",
    "new_password",
  ]);
  assert.match(formProblems({ old_password: "a", new_password: "b", again: "c" }).again[0], /不一致/);
});

test("the API's 422 goes under its fields, in Chinese; the rest under the form", () => {
  const problems = serverProblems({
    old_password: ["原密码不正确 / The old password is wrong"],
    new_password: ["密码至少 12 个字符 / Use at least 12 characters", "密码过于常见或易猜，请换一个 / Too common"],
  });
  assert.deepEqual(Object.keys(problems), ["old_password", "new_password"]);
  assert.deepEqual(problems.old_password, ["原密码不正确"]);
  assert.deepEqual(problems.new_password, ["密码至少 12 个字符", "密码过于常见或易猜，请换一个"]);
  assert.deepEqual(serverProblems({ json: { new_password: ["太短 / Short"] } }), { new_password: ["太短"] });
  assert.deepEqual(serverProblems({ surprise: ["意外 / Unexpected"] }), { form: ["意外"] });
  assert.deepEqual(serverProblems(null), {});
});

test("a 403 naming /me/password asks for the change; another 403 does not", () => {
  assert.ok(asksForPasswordChange(403, { message: "请先修改密码（POST /api/v1/me/password） / Change your password first" }));
  assert.ok(!asksForPasswordChange(403, { message: "无权限 / Forbidden" }));
  assert.ok(!asksForPasswordChange(422, { message: "/me/password" }));
  assert.ok(!asksForPasswordChange(403, null));
});
