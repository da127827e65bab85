// A paper page's folded "Fix this paper's tags" snippet, built here from what the page already
// holds (its "Fix tags" link and its tag links) instead of carried by each of 50,000 pages
// (about 750 bytes a page, 37 MB of the site). Every value is inserted as text, never as HTML.
// CONTRIBUTING.md tells contributors what to paste; tests/browser checks the slugs shown.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href, text) {
  const node = element("a", "", text);
  node.setAttribute("href", href);
  return node;
}

// A tag page's URL ends in its slug: "../../tags/robotics/" is the tag "robotics".
function slugOf(anchor) {
  return anchor.getAttribute("href").split("/").filter(Boolean).pop();
}

// The site's root from this page ("../.."), as Material's own config gives it.
function siteRoot() {
  const config = document.getElementById("__config");
  return (config && JSON.parse(config.textContent).base) || ".";
}

function fixSnippet(fix, slugs) {
  const details = element("details", "pa-fix-snippet");
  details.append(element("summary", "", "Fix this paper's tags"));
  const text = element("p", "", "Its tags by slug: ");
  if (slugs.length === 0) text.append("none");
  slugs.forEach((slug, at) => text.append(...(at ? [", "] : []), element("code", "", slug)));
  text.append(
    ". ",
    link(fix.getAttribute("href"), "Fix tags"),
    " opens the day file at this paper's entry; paste this right under its ",
    element("code", "", "- id:"),
    " line, with slugs from the ",
    link(`${siteRoot()}/tags/`, "tag overview"),
    ":",
  );
  const pre = element("pre");
  pre.append(element("code", "pa-fix-code", "  tags:\n    add: []\n    remove: []\n"));
  details.append(text, pre);
  return details;
}

const paper = document.querySelector("article.pa-paper");
const fix = paper && paper.querySelector(".pa-paper__links a.pa-fix");
if (fix) {
  const slugs = [...paper.querySelectorAll(".pa-tags a")].map(slugOf);
  fix.closest("ul").after(fixSnippet(fix, slugs));
}
