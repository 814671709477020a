// Render the page's Mermaid diagrams with the copy of mermaid.min.js this site
// serves (assets/vendor/mermaid/), so no script is fetched from another host.
// The ```mermaid fences become <div class="cf-diagram"> (mkdocs.yml); mermaid
// replaces each one's text with an SVG drawing.
// Drawn at their natural size (legible text); a diagram wider than the column
// scrolls sideways in its box (extra.css) rather than shrinking to fit.
mermaid.initialize({
  startOnLoad: false,
  securityLevel: "strict",
  theme: "neutral",
  state: { useMaxWidth: false },
  flowchart: { useMaxWidth: false },
});
mermaid.run({ querySelector: "div.cf-diagram" });
