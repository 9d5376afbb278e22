// node --test: the client's own rules, the same the API applies.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answerProblems,
  applicableItems,
  applies,
  impliedResult,
  progress,
  toApiAnswer,
} from "../src/lib/items.js";

const text = (zh) => ({ zh, en: zh });
const item = (code, extra = {}) => ({
  code,
  prompt: text(code),
  guidance: text(""),
  basis: "",
  answer_type: "yes_no",
  severity: "general",
  photo_required_on_fail: false,
  applies_if: null,
  ...extra,
});
const fridge = item("FD-04", { answer_type: "number", unit: "℃", pass_range: { min: 0, max: 8 } });
const exit = item("F-01", {
  answer_type: "choice",
  photo_required_on_fail: true,
  choices: [
    { value: "clear", label: text("畅通") },
    { value: "locked", label: text("锁闭"), passes: false, severity: "major" },
    { value: "cluttered", label: text("堆物"), passes: false },
  ],
});
const cylinders = item("G-05", { applies_if: { any_of: [{ gas: true }, { lpg: true }] } });
const kitchenGas = item("G-09", { applies_if: { kitchen: true, gas: true } });
const list = { key: "x", version: 1, title: text("x"), sections: [{ title: text("s"), items: [fridge, exit, cylinders, kitchenGas] }] };

test("applies_if: null, all of a mapping, any_of; a missing feature is false", () => {
  assert.equal(applies(null, {}), true);
  assert.equal(applies({ kitchen: true, gas: true }, { kitchen: true }), false);
  assert.equal(applies({ kitchen: true, gas: true }, { kitchen: true, gas: true }), true);
  assert.equal(applies({ gas: false }, {}), true);
  assert.equal(applies(cylinders.applies_if, { lpg: true }), true);
  assert.equal(applies(cylinders.applies_if, {}), false);
});

test("applicable items follow the features", () => {
  const codes = (features) => applicableItems([list], features).map((e) => e.item.code);
  assert.deepEqual(codes({}), ["FD-04", "F-01"]);
  assert.deepEqual(codes({ lpg: true }), ["FD-04", "F-01", "G-05"]);
  assert.deepEqual(codes({ gas: true, kitchen: true }), ["FD-04", "F-01", "G-05", "G-09"]);
});

test("a value outside the range or a failing choice implies a fail", () => {
  assert.equal(impliedResult(fridge, 30), "fail");
  assert.equal(impliedResult(fridge, 4), "pass");
  assert.equal(impliedResult(fridge, undefined), undefined);
  assert.equal(impliedResult(exit, "locked"), "fail");
  assert.equal(impliedResult(exit, "clear"), "pass");
});

test("what the server would refuse is named before sending", () => {
  assert.deepEqual(answerProblems(fridge, { result: "pass", value: 30 }, 0), ["数值超出合格范围，不能判为合格"]);
  assert.deepEqual(answerProblems(exit, { result: "fail", value: "cluttered" }, 0), ["不合格须拍照留证"]);
  assert.deepEqual(answerProblems(exit, { result: "fail", value: "cluttered" }, 1), []);
  assert.deepEqual(answerProblems(exit, { result: "fail", value: "locked", fixed_on_site: true }, 1), [
    "重大隐患不能当场整改",
  ]);
  assert.deepEqual(answerProblems(fridge, { result: "fail", fixed_on_site: true }, 0), ["当场整改须拍照留证"]);
  assert.deepEqual(answerProblems(fridge, { result: "na" }, 0), []);
});

test("progress counts applicable items, lists the missing and the problems", () => {
  const answers = { "x:FD-04": { result: "pass", value: 30 }, "x:G-09": { result: "pass" } };
  const state = progress([list], {}, answers, {});
  assert.equal(state.total, 2);
  assert.equal(state.answered, 1); // G-09 does not apply: its answer counts for nothing
  assert.deepEqual(state.missing.map((e) => e.item.code), ["F-01"]);
  assert.deepEqual(state.problems.map((e) => e.item.code), ["FD-04"]);
});

test("answers go to the API with only what was given", () => {
  assert.deepEqual(toApiAnswer("fire", "F-01", { result: "fail", value: "cluttered", note: "", fixed_on_site: true }, ["p1"]), {
    checklist: "fire",
    item_code: "F-01",
    result: "fail",
    value: "cluttered",
    photo_ids: ["p1"],
    fixed_on_site: true,
  });
  assert.deepEqual(toApiAnswer("fire", "F-02", { result: "pass", fixed_on_site: true }, []), {
    checklist: "fire",
    item_code: "F-02",
    result: "pass",
  });
});
