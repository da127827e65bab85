// What a paper page builds from what it already holds, instead of each of 50,000 pages carrying
// it: the folded "Fix this paper's tags" snippet (from its "Fix tags" link and its tag links,
// 750 bytes a page), for most papers its BibTeX entry (from its citation_* tags, 500 bytes),
// and its authors as links to a search for each (from its citation_author tags, 280 bytes);
// for a long list, the names past the page's first ones, from the list's text file.
// Every value is inserted as text, never as HTML. tests/browser checks both against the build.

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

// The BibTeX entry exactly as site/bibtex.py writes it, for the papers it leaves to this script
// (script_writes_bibtex: an arXiv id, titles and names of plain words, so nothing to encode).
const SMALL_WORDS = new Set(["a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "is"]);

function metas(name) {
  return [...document.querySelectorAll(`meta[name="${name}"]`)].map((meta) => meta.content);
}

function keySlug(word) {
  return word.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function bibtex() {
  const [title] = metas("citation_title");
  const [arxiv] = metas("citation_arxiv_id");
  const authors = metas("citation_author");
  // A long list's page names its first authors (site/authors.py): BibTeX's "others" ends it.
  if (document.querySelector("article.pa-paper .pa-paper__authors[data-more]")) {
    authors.push("others");
  }
  const found = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(arxiv || "");
  if (!title || !found) return null;
  const year = String(2000 + Number(found[1]));
  const fields = [["title", title]];
  if (authors.length) fields.push(["author", authors.join(" and ")]);
  fields.push(["year", year], ["eprint", arxiv], ["archivePrefix", "arXiv"]);
  fields.push(["url", `https://arxiv.org/abs/${arxiv}`]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const author = authors.length ? keySlug(authors[0].split(" ").pop()) : "";
  const word = title.split(" ").map(keySlug).find((w) => w && !SMALL_WORDS.has(w)) || "paper";
  const lines = fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}},`);
  return [`@misc{${author || "anon"}${year}${word},`, ...lines, "}"].join("\n");
}

// The authors line holds the names as text, the citation_author tags the same names one by one
// (site/templates/citation.html.j2): each name becomes a link to the search for it.
function authorLinks(line, names) {
  const search = `${siteRoot()}/search/`;
  line.replaceChildren();
  names.forEach((name, at) => {
    if (at) line.append(", ");
    line.append(link(`${search}?${new URLSearchParams({ q: name })}`, name));
  });
}

// Every name of a long list, from its text file (site/authors.py): fetched once a page.
let allNames = null;
function namesIn(file) {
  allNames ??= fetch(file).then(async (response) => {
    if (!response.ok) throw new Error(response.statusText);
    return (await response.text()).split("\n").filter(Boolean);
  });
  return allNames;
}

// A long list ends in "and N more", a link to the text file of all the names: followed here,
// it fills the line with them all; should the file not come, the link is followed.
function moreAuthors(line, more, shown) {
  line.append(" ", more);
  more.addEventListener("click", async (event) => {
    // A click meant for a new tab or window opens the file there.
    if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    try {
      authorLinks(line, await namesIn(more.href));
      // The reader's place: the first name they had not seen.
      line.querySelectorAll("a")[shown]?.focus();
    } catch {
      window.location.href = more.href;
    }
  });
}

// The page carries a long list's first citation_author tags only (its bytes); a citation
// manager that reads the live page (Zotero's connector) finds every author once the rest are
// added from the file, in order, after the last one.
async function citeEveryAuthor(file, shown) {
  let last = [...document.head.querySelectorAll('meta[name="citation_author"]')].pop();
  for (const name of (await namesIn(file)).slice(shown)) {
    const meta = document.createElement("meta");
    meta.setAttribute("name", "citation_author");
    meta.setAttribute("content", name);
    last.after(meta);
    last = meta;
  }
}

const paper = document.querySelector("article.pa-paper");
const authors = paper && paper.querySelector(".pa-paper__authors");
const names = metas("citation_author");
const fix = paper && paper.querySelector(".pa-paper__links a.pa-fix");
if (fix) {
  const slugs = [...paper.querySelectorAll(".pa-tags a")].map(slugOf);
  fix.closest("ul").after(fixSnippet(fix, slugs));
}
// The entry first: from the page's own citation_author tags, as site/bibtex.py writes it.
const entry = paper && paper.querySelector("code.pa-bibtex");
if (entry && !entry.textContent) entry.textContent = bibtex() ?? "";
if (authors && names.length) {
  const more = authors.querySelector("a.pa-paper__more");
  authorLinks(authors, names);
  if (more) {
    moreAuthors(authors, more, names.length);
    citeEveryAuthor(more.href, names.length).catch(() => {});
  }
}
