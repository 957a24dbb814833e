// Assembles src/detect/keyword-set.wat into keyword-set.wasm beside it (run after editing
// the .wat; test/detect/keyword-set.test.ts fails while the two disagree). The binary is
// committed so that building leakguard needs no assembler.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

export async function assemble(watFile) {
  const wabt = await wabtInit();
  const mod = wabt.parseWat(watFile, readFileSync(watFile, "utf8"));
  try {
    mod.validate();
    return Buffer.from(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wat = fileURLToPath(new URL("../src/detect/keyword-set.wat", import.meta.url));
  const wasm = await assemble(wat);
  writeFileSync(wat.replace(/\.wat$/, ".wasm"), wasm);
  console.log(`assembled ${wat.replace(/\.wat$/, ".wasm")} (${wasm.length} bytes)`);
}
