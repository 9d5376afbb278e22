import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, describeError, errorLines } from "../src/lib/errors.js";

test("each status gets words and a next step; the server's message is the detail", () => {
  const expired = describeError(new ApiError(401, { message: "令牌无效 / Invalid token" }));
  assert.equal(expired.title, "登录已过期");
  assert.match(expired.next, /重新登录/);
  assert.equal(expired.detail, "令牌无效 / Invalid token");
  assert.equal(describeError(new ApiError(401, null), "login").title, "用户名或密码不对");
  assert.equal(describeError(new ApiError(0, null)).title, "网络连接不上");
  assert.equal(describeError(new ApiError(502, null)).title, "服务器出错");
  assert.equal(describeError(new ApiError(418, null)).title, "请求有误");
  assert.equal(describeError(new Error("boom")).detail, "boom");
});

test("field errors become lines, whatever their nesting", () => {
  assert.deepEqual(errorLines({ missing: ["fire:F-01", "fire:F-02"] }), ["missing：fire:F-01", "missing：fire:F-02"]);
  assert.deepEqual(errorLines({ json: { "0": { value: ["应为数字"] } } }), ["0 value：应为数字"]);
  assert.deepEqual(errorLines(null), []);
});
