// Print the text of each PDF named on the command line as pdf.js (Firefox's PDF reader) extracts it:
// a JSON array, one string per file, pages separated by form feeds, a line break where pdf.js ends a line.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFile } from "node:fs/promises";

const out = [];
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(path));
  const pdf = await getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join(""));
  }
  out.push(pages.join("\f"));
  await pdf.destroy();
}
process.stdout.write(JSON.stringify(out));
