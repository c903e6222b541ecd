// Reads a JSON list of Mermaid diagrams on stdin; prints, for each, what Mermaid's own parser
// made of it: an error, or the title, sections and tasks (name, score, actors) of a journey,
// or the title, categories, lines and colours of an xychart (the diff's emotion chart).
// Mermaid needs a DOM to load; jsdom stands in for the browser.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

const results = [];
for (const text of JSON.parse(readFileSync(0, "utf8"))) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    if (diagram.type === "xychart") {
      const data = db.getXYChartData();
      results.push({
        type: diagram.type,
        title: db.getDiagramTitle(),
        categories: data.xAxis.categories,
        plots: data.plots.map((plot) => ({ type: plot.type, values: plot.data.map((point) => point[1]) })),
      });
      continue;
    }
    results.push({
      type: diagram.type,
      title: db.getDiagramTitle(),
      sections: [...db.getSections()],
      tasks: db.getTasks().map((task) => ({
        section: task.section,
        name: task.task,
        score: task.score,
        actors: task.people,
      })),
    });
  } catch (error) {
    results.push({ error: String(error.message || error) });
  }
}
process.stdout.write(JSON.stringify(results));
