// What a paper page builds from what it already holds, instead of each of 50,000 pages carrying
// it: the folded "Fix this paper's tags" snippet (from its "Fix tags" link and its tag links,
// 750 bytes a page), for most papers its BibTeX entry (from its citation_* tags, 500 bytes),
// and its authors as links to a search for each (from its citation_author tags, 280 bytes);
// for a long list, the names past the page's first ones, from the list's text file, in the
// authors line and in the BibTeX entry.
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

// Names in BibTeX as site/bibtex.py writes them (`latex`, `_author`), for the names a long
// list's page leaves to its file: the LaTeX pylatexenc gives ASCII's special characters and
// U+00A0 to U+017F (Latin-1 and Latin Extended-A, the letters of European names), letter for
// letter; any other character is kept as it is, which biber and Unicode-aware BibTeX print
// (pylatexenc names a few more, Greek and Cyrillic letters among them). tests/browser compares
// the two over that range.
const LATEX_ASCII = {
  '"': "{''}", "#": "{\\#}", $: "{\\$}", "%": "{\\%}", "&": "{\\&}", "<": "{\\ensuremath{<}}",
  ">": "{\\ensuremath{>}}", "\\": "{\\textbackslash}", "^": "{\\textasciicircum}", _: "{\\_}",
  "{": "{\\{}", "}": "{\\}}", "~": "{\\textasciitilde}",
};
// From U+00A0 on, one entry a character (in String.raw, \` is the grave accent's).
const LATEX_LATIN = String.raw`
{~} {\textexclamdown} {\textcent} {\textsterling} {\textcurrency} {\textyen} {\textbrokenbar}
{\textsection} {\textasciidieresis} {\textcopyright} {\textordfeminine} {\guillemotleft}
{\textlnot} {\-} {\textregistered} {\textasciimacron} {\textdegree} {\ensuremath{\pm}}
{\texttwosuperior} {\textthreesuperior} {\textasciiacute} {\textmu} {\textparagraph}
{\textperiodcentered} ¸ {\textonesuperior} {\textordmasculine} {\guillemotright}
{\textonequarter} {\textonehalf} {\textthreequarters} {\textquestiondown} {\`A} {\'A} {\^A}
{\~A} {\"A} {\r{A}} {\AE} {\c{C}} {\`E} {\'E} {\^E} {\"E} {\`I} {\'I} {\^I} {\"I} {\DH} {\~N}
{\`O} {\'O} {\^O} {\~O} {\"O} {\texttimes} {\O} {\`U} {\'U} {\^U} {\"U} {\'Y} {\TH} {\ss} {\`a}
{\'a} {\^a} {\~a} {\"a} {\r{a}} {\ae} {\c{c}} {\`e} {\'e} {\^e} {\"e} {\`\i} {\'\i} {\^\i}
{\"\i} {\dh} {\~n} {\`o} {\'o} {\^o} {\~o} {\"o} {\textdiv} {\o} {\`u} {\'u} {\^u} {\"u} {\'y}
{\th} {\"y} {\={A}} {\={a}} {\u{A}} {\u{a}} {\k{A}} {\k{a}} {\'C} {\'c} {\^{C}} {\^{c}} {\.{C}}
{\.{c}} {\v{C}} {\v{c}} {\v{D}} {\v{d}} {\DJ} {\dj} {\={E}} {\={e}} {\u{E}} {\u{e}} {\.{E}}
{\.{e}} {\k{E}} {\k{e}} {\v{E}} {\v{e}} {\^{G}} {\^{g}} {\u{G}} {\u{g}} {\.{G}} {\.{g}} {\c{G}}
{\c{g}} {\^{H}} {\^{h}} {\={H}} {\={h}} {\~{I}} {\~{i}} {\={I}} {\={i}} {\u{I}} {\u{i}} {\k{I}}
{\k{i}} {\.I} {\i} {\IJ} {\ij} {\^{J}} {\^{j}} {\c{K}} {\c{k}} {\textsc{k}} {\'L} {\'l} {\c{L}}
{\c{l}} {\v{L}} {\v{l}} {\.{L}} {\.{l}} {\L} {\l} {\'N} {\'n} {\c{N}} {\c{n}} {\v{N}} {\v{n}}
{\nument{149}} {\NG} {\ng} {\={O}} {\={o}} {\u{O}} {\u{o}} {\H{O}} {\H{o}} {\OE} {\oe} {\'R}
{\'r} {\c{R}} {\c{r}} {\v{R}} {\v{r}} {\'S} {\'s} {\^{S}} {\^{s}} {\c{S}} {\c{s}} {\v{S}}
{\v{s}} {\c{T}} {\c{t}} {\v{T}} {\v{t}} {\={T}} {\={t}} {\~{U}} {\~{u}} {\={U}} {\={u}} {\u{U}}
{\u{u}} {\r{U}} {\r{u}} {\'{U}} {\'{u}} {\k{U}} {\k{u}} {\^{W}} {\^{w}} {\^{Y}} {\^{y}} {\"Y}
{\'Z} {\'z} {\.Z} {\.z} {\v{Z}} {\v{z}} ſ
`.trim().split(/\s+/);

function latex(text) {
  const encode = (char) => LATEX_ASCII[char] ?? LATEX_LATIN[char.codePointAt(0) - 0xa0] ?? char;
  return [...text].map(encode).join("");
}

// " and " separates BibTeX's names: a name holding it is kept whole in braces.
function bibtexName(name) {
  const encoded = latex(name);
  return ` ${name.toLowerCase()} `.includes(" and ") ? `{${encoded}}` : encoded;
}

// A long list's entry names its first authors and "others" (site/bibtex.py): once the file of
// every name is here, the rest of them take the place of "others", so that a citation copied
// from the page credits every author.
function citeEveryName(entry, names, shown) {
  if (names.length <= shown) return;
  const rest = names.slice(shown).map(bibtexName).join(" and ");
  entry.textContent = entry.textContent.replace(
    /^( *author *= \{.*) and others\},$/m,
    (_, start) => `${start} and ${rest}},`,
  );
}

// Material's copy button copies the entry as it stands: a click before the names have come
// (they are asked for as the page loads) waits for them, then copies.
function copyWhenComplete(cite, complete) {
  let done = false;
  complete.then(() => (done = true));
  cite.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest("button[data-md-type=copy]");
      if (done || !button) return;
      // Before Material's handler (on the body) sees the click; the button is clicked again.
      event.stopPropagation();
      complete.then(() => button.click());
    },
    true,
  );
}

// The authors line holds the names as text, the citation_author tags the same names one by one
// (site/templates/citation.html.j2): each name becomes a link to the search for it, as a quoted
// phrase: the words alone also found every paper with a "Michael" and a "Hind" anywhere in it.
function authorLinks(line, names) {
  const search = `${siteRoot()}/search/`;
  line.replaceChildren();
  names.forEach((name, at) => {
    if (at) line.append(", ");
    const phrase = `"${name.replaceAll('"', " ")}"`;
    line.append(link(`${search}?${new URLSearchParams({ q: phrase })}`, name));
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
    if (entry && entry.textContent) {
      const complete = namesIn(more.href)
        .then((all) => citeEveryName(entry, all, names.length))
        .catch(() => {});
      copyWhenComplete(paper.querySelector(".pa-cite"), complete);
    }
  }
}
