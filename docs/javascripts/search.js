// Archive search on Pagefind: a dropdown under the header's search box on every page, and the
// full search page (filters by tag and month, ordering by date). Pagefind fetches only the index
// chunks a query needs. The index is one Pagefind bundle ("shard") a quarter (see
// generator/search.py): the dropdown shows the newest matches, searching the newest quarter first
// and older ones only while it has too few; the search page merges every quarter.
//
// Untrusted text (titles, excerpts, tags) is only ever inserted as text: excerpts arrive with
// <mark> around matches, and are rebuilt here as text nodes and <mark> elements.

const form = document.querySelector("form[data-pa-search]");
const page = document.querySelector("[data-pa-search-page]");
const DROPDOWN_RESULTS = 6;
const PAGE_RESULTS = 10;

const bundles = form && new URL(form.dataset.bundles, document.baseURI);
const shards = form ? form.dataset.shards.split(/\s+/).filter(Boolean) : []; // newest year first
const OPTIONS = { baseUrl: bundles && new URL("..", bundles).pathname, excerptLength: 24 };
const bundle = (shard) => new URL(`${shard}/`, bundles).href;

let modulePromise = null;
let pagefindPromise = null;
const shardInstances = new Map();

// Pagefind's script, from the newest shard's bundle (every bundle holds the same one).
function loadPagefindModule() {
  modulePromise ??= import(`${bundle(shards[0])}pagefind.js`);
  return modulePromise;
}

// Every shard merged into one search (the search page): the newest quarter's bundle, with every
// other quarter merged into it; loaded once.
function loadPagefind() {
  if (!pagefindPromise) {
    pagefindPromise = loadPagefindModule().then(async (pagefind) => {
      await pagefind.options(OPTIONS);
      pagefind.init();
      await Promise.all(shards.slice(1).map((s) => pagefind.mergeIndex(bundle(s), OPTIONS)));
      return pagefind;
    });
  }
  return pagefindPromise;
}

// Pagefind for one shard only: the dropdown's newest-first search, and searches ordered by date.
function shardInstance(shard) {
  if (!shardInstances.has(shard)) {
    // Not while the merged search is being set up: two instances starting at once in
    // Pagefind's shared worker can leave its WebAssembly broken ("unreachable").
    const ready = pagefindPromise ?? loadPagefindModule();
    const instance = ready.then(async () => {
      const pagefind = await loadPagefindModule();
      const one = pagefind.createInstance({ basePath: bundle(shard) });
      await one.options(OPTIONS);
      return one;
    });
    shardInstances.set(shard, instance);
  }
  return shardInstances.get(shard);
}

// A merged search ranks by relevance across quarters; ordered by date, each quarter is searched
// on its own and the quarters are put one after another.
async function runSearch(query, options) {
  if (!options.sort) return (await loadPagefind()).search(query, options);
  const order = options.sort.date === "asc" ? [...shards].reverse() : shards;
  const instances = await Promise.all(order.map(shardInstance));
  const searches = await Promise.all(instances.map((i) => i.search(query, options)));
  return { results: searches.flatMap((search) => search.results) };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Pagefind excerpts are HTML-escaped text with <mark> around matched words.
function excerptNodes(excerpt) {
  const decoder = document.createElement("textarea");
  const nodes = [];
  excerpt.split(/(<mark>.*?<\/mark>)/g).forEach((part) => {
    const marked = part.startsWith("<mark>");
    decoder.innerHTML = marked ? part.slice(6, -7) : part;
    const text = decoder.value;
    if (!text) return;
    nodes.push(marked ? element("mark", "", text) : document.createTextNode(text));
  });
  return nodes;
}

// TeX that a source left outside $...$ ("{\Lambda}-shaped"), made readable in a snippet.
const GREEK = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", theta: "θ", lambda: "λ", mu: "μ",
  pi: "π", sigma: "σ", tau: "τ", phi: "φ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ",
  Theta: "Θ", Lambda: "Λ", Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
};
function readable(text) {
  return text
    .replace(/\\([A-Za-z]+)/g, (_, name) => GREEK[name] ?? (name.length > 1 ? "" : name))
    .replace(/[${}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const SNIPPET_WORDS = 26;
// A snippet of the abstract (Pagefind's excerpt mixes in the title, authors and tags): the
// words around the first one that a query word starts, every such word marked. Text nodes and
// <mark> elements only.
function snippetNodes(abstract, query) {
  const terms = fold(query).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1);
  const words = readable(abstract).split(" ");
  // "Λ-shaped" is a hit for "shaped": any part of a word may start with a term.
  const hit = (word) =>
    fold(word)
      .split(/[^\p{L}\p{N}]+/u)
      .some((part) => terms.some((term) => part.startsWith(term)));
  const first = Math.max(0, words.findIndex(hit));
  const start = Math.max(0, first - 6);
  const shown = words.slice(start, start + SNIPPET_WORDS);
  const nodes = start > 0 ? [document.createTextNode("… ")] : [];
  shown.forEach((word, at) => {
    nodes.push(hit(word) ? element("mark", "", word) : document.createTextNode(word));
    if (at < shown.length - 1) nodes.push(document.createTextNode(" "));
  });
  if (start + SNIPPET_WORDS < words.length) nodes.push(document.createTextNode(" …"));
  return nodes;
}

function upvotesText(meta) {
  if (meta.upvotes === undefined || meta.upvotes === null) return "";
  const count = Number(meta.upvotes);
  return ` · ${count} upvote${count === 1 ? "" : "s"}`;
}

function resultItem(data, full, query) {
  const item = element("li", "pa-result");
  const link = element("a", "pa-result__title", readable(data.meta.title || data.url));
  link.href = data.url;
  item.append(link);
  const details = element("p", "pa-result__meta");
  if (data.meta.date) details.append(element("time", "", data.meta.date));
  details.append(upvotesText(data.meta));
  const tags = (data.filters && data.filters.tag) || [];
  if (tags.length) details.append(` · ${tags.slice(0, full ? 8 : 3).join(", ")}`);
  item.append(details);
  const snippet = element("p", "pa-result__excerpt");
  snippet.append(...snippetOf(data, query));
  item.append(snippet);
  return item;
}

function snippetOf(data, query) {
  const abstract = data.meta.abstract;
  // A paper found by its arXiv id (paperById) holds no word of the query: its abstract's start.
  if (abstract && data.byId) return snippetNodes(abstract, "");
  return abstract && query ? snippetNodes(abstract, query) : excerptNodes(data.excerpt || "");
}

// Lower case without accents: Pagefind matches "santillan" to "Santillán" (and marks that), so
// the page's own matching of marked and abstract words must fold them the same way.
const LETTERS = { ı: "i", ł: "l", ø: "o", đ: "d", ß: "ss", æ: "ae", œ: "oe" };
const fold = (text) =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[ıłøđßæœ]/g, (letter) => LETTERS[letter]);

// A query's words, folded, without the quotes of a phrase ("flow matching") or any other
// punctuation around them.
const queryWords = (query) => fold(query).match(/[\p{L}\p{N}]+/gu) || [];

// When no word matches, Pagefind falls back to shorter prefixes ("qwxj" finds "QwQ"). Such
// results are shown as close matches, not as matches: no highlighted word starts with a word of
// the query.
// The words Pagefind marked in a result's excerpt, as written.
const markedIn = (data) => [...(data.excerpt || "").matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);

function matchesQuery(query, shown) {
  const words = queryWords(query);
  if (!words.length) return true;
  return shown.some((data) =>
    markedIn(data).some((marked) => words.some((word) => fold(marked).includes(word))),
  );
}

// Pagefind's fallback is a close match only where a marked word is a query word mistyped
// ("diffusin" marks "Diffusion"): within a typo for every four letters. A short prefix in
// common ("supercalifragilistic" marks "supervised") is no match at all, and is not shown.
function editDistance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
function isCloseMatch(query, data) {
  const words = queryWords(query).filter((word) => word.length > 2);
  const marked = markedIn(data).flatMap(queryWords);
  return words.some((word) =>
    marked.some((found) => editDistance(word, found) <= Math.max(1, Math.floor(word.length / 4))),
  );
}

function searchOptions(filters, sort) {
  const options = { filters: {} };
  for (const [key, value] of Object.entries(filters)) if (value) options.filters[key] = value;
  if (sort === "newest") options.sort = { date: "desc" };
  if (sort === "oldest") options.sort = { date: "asc" };
  return options;
}

// Searches only once typing pauses, and shows only the newest query's results. Searching at
// every keystroke queued each prefix's search in Pagefind ahead of the last one: at 50,000 papers
// a one-letter prefix costs seconds, and the last keystroke waited 3 to 12 s for its results.
// `run` gets a `current()` test, to stop early, and a `show` for what it has so far; `cancel()`
// makes the running search no longer current (a list closed with Escape while Pagefind still
// searched opened again when its results came).
const PAUSE_MS = 120;
function latestOnly() {
  let generation = 0;
  const race = async (run, show) => {
    const mine = ++generation;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const current = () => mine === generation;
    if (!current()) return;
    const outcome = await run(current, (partial) => current() && show(partial));
    if (current()) show(outcome);
  };
  race.cancel = () => {
    generation += 1;
  };
  return race;
}

// The dropdown's newest matches: the newest quarter's best, then older quarters' while fewer
// than `wanted` are found. A quarter whose results are only Pagefind's closest matches (see
// matchesQuery) is passed over; those are kept in case no quarter has a match.
async function newestMatches(query, wanted, current, showSoFar) {
  const found = [];
  let closest = [];
  for (const shard of shards) {
    if (!current()) break;
    const search = await (await shardInstance(shard)).search(query, {});
    const top = search.results.slice(0, wanted - found.length);
    const data = await Promise.all(top.map((r) => r.data()));
    if (!data.length) continue;
    if (!matchesQuery(query, data)) {
      if (!closest.length) closest = data;
      continue;
    }
    found.push(...data);
    if (found.length >= wanted) break;
    showSoFar({ found, closest: [] });
  }
  return { found, closest: found.length ? [] : closest.filter((data) => isCloseMatch(query, data)) };
}

// --- The title index (generator/site/titles.py) -------------------------------------------
// Finds any paper whose title holds every word of the query (the last as a prefix) across the
// whole archive, fetching one small file per shard and first letter of each word. Titles that
// start with the query's words come first, then newer papers first.

const titles = form && form.dataset.titles && new URL(form.dataset.titles, document.baseURI);
const POSITIONS = 32;
const CHUNK = 25;
const SPLIT = "abcdefilmprst";
const SECOND = ["h", "o", "t"];
const fetchedJson = new Map();

function fetchJson(path) {
  if (!fetchedJson.has(path)) {
    const answer = fetch(new URL(path, titles)).then((r) => (r.ok ? r.json() : null));
    fetchedJson.set(path, answer);
  }
  return fetchedJson.get(path);
}

// The files that may hold a word (titles.py's bucket_of): a one-letter prefix may be in any
// range of its letter's second characters.
function bucketsOf(word, prefix) {
  const first = /^[a-z0-9]/.test(word) ? word[0] : "_";
  if (!SPLIT.includes(first)) return [first];
  if (word.length === 1 && prefix) return [0, 1, 2, 3].map((n) => first + n);
  const second = word.length > 1 ? word[1] : "";
  return [first + SECOND.filter((bound) => second >= bound).length];
}

async function wordFile(shard, word, prefix) {
  const files = await Promise.all(bucketsOf(word, prefix).map((b) => fetchJson(`${shard}/${b}.json`)));
  return Object.assign({}, ...files);
}

// While the reader types, the files each word will be looked up in are fetched as soon as its
// first two characters settle which they are: by the last keystroke they are all here, and the
// lookup is a computation (at 50,000 papers, fetching them after it cost 0.2 to 0.4 s). A word
// of one character is left until the lookup: its files are four times as many.
function prefetchTitleFiles(query) {
  if (!titles) return;
  for (const word of queryWords(query)) {
    if (word.length < 2) continue;
    for (const shard of shards) for (const b of bucketsOf(word, false)) fetchJson(`${shard}/${b}.json`);
  }
}

// The postings of a word in a shard's file: the word itself, or (the query's last word, which
// may be half typed) every word it starts.
function postingsOf(file, word, prefix) {
  if (!prefix) return file && file[word] ? [file[word]] : [];
  return Object.entries(file || {})
    .filter(([key]) => key.startsWith(word))
    .map(([, diffs]) => diffs);
}

// For each query word, the positions of its matches by paper number, in one shard.
async function shardMatches(shard, words) {
  const files = await Promise.all(words.map((w, at) => wordFile(shard, w, at === words.length - 1)));
  let found = null;
  const positions = words.map((word, at) => {
    const byPaper = new Map();
    for (const diffs of postingsOf(files[at], word, at === words.length - 1)) {
      let value = 0;
      for (const diff of diffs) {
        value += diff;
        const number = Math.floor(value / POSITIONS);
        if (!byPaper.has(number)) byPaper.set(number, new Set());
        byPaper.get(number).add(value % POSITIONS);
      }
    }
    return byPaper;
  });
  for (const byPaper of positions) {
    const numbers = new Set(byPaper.keys());
    found = found ? new Set([...found].filter((n) => numbers.has(n))) : numbers;
  }
  return [...(found || [])].map((number) => ({
    shard,
    number,
    start: positions.every((byPaper, at) => byPaper.get(number).has(at)),
  }));
}

async function titleRow({ shard, number }) {
  const rows = await fetchJson(`${shard}/papers-${Math.floor(number / CHUNK)}.json`);
  const [url, title, date, upvotes, abstract] = rows[number % CHUNK];
  return { url: new URL(url, new URL("..", titles)).href, meta: { title, date, upvotes, abstract } };
}

async function titleMatches(query, wanted) {
  const words = queryWords(query);
  if (!titles || !words.length) return [];
  const found = (await Promise.all(shards.map((s) => shardMatches(s, words)))).flat();
  const newer = (a, b) => shards.indexOf(a.shard) - shards.indexOf(b.shard) || b.number - a.number;
  found.sort((a, b) => Number(b.start) - Number(a.start) || newer(a, b));
  return Promise.all(found.slice(0, wanted).map(titleRow));
}

// --- A query that is an arXiv id ------------------------------------------------------------
// "2505.04620", "2505.04620v2", "arXiv:2505.04620", "arxiv.org/abs/2505.04620",
// "https://arxiv.org/pdf/0704.0001", "huggingface.co/papers/2505.04620", "hep-th/9901001": no
// index holds ids, so the paper's own page is asked for (papers/<name>/ under the site's root)
// and, when the archive has it, is the result. New-style ids (four digits after the dot until
// 2014, five since; the Daily Papers list old papers too) and old-style ones, read as `fix`
// reads them (text.arxiv_id_in).

const ARXIV_ID =
  /^(?:arxiv:\s*|(?:https?:\/\/)?(?:www\.)?(?:arxiv\.org\/(?:abs|pdf)|huggingface\.co\/papers)\/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?$/i;

// A paper page's folder name for an id (urls.paper_name): an old-style id as arXiv writes it
// ("HEP-TH/9901001" is hep-th/9901001, "math.gt/0309136" math.GT/0309136), its '/' as '~'.
function paperName(id) {
  const [archive, number] = id.split("/");
  if (number === undefined) return id;
  const [name, subject] = archive.split(".");
  return `${name.toLowerCase()}${subject ? `.${subject.toUpperCase()}` : ""}~${number}`;
}
const siteRoot = bundles && new URL("..", bundles);
const papersById = new Map();

// The paper a query names by its arXiv id, as a result; null for any other query, or an id the
// archive does not have. Asked once a page.
function paperById(query) {
  const found = ARXIV_ID.exec(query.trim());
  if (!found || !siteRoot) return Promise.resolve(null);
  const url = new URL(`papers/${paperName(found[1])}/`, siteRoot).href;
  if (!papersById.has(url)) papersById.set(url, paperResult(url));
  return papersById.get(url);
}

// A paper page read as a search result (what Pagefind's meta and filters give for it): title,
// last day listed, upvotes, tags, abstract. Text only: a parsed document runs no script and
// loads nothing.
async function paperResult(url) {
  const response = await fetch(url).catch(() => null);
  if (!response || !response.ok) return null;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const article = page.querySelector("article.pa-paper");
  if (!article) return null;
  const text = (selector) => article.querySelector(selector)?.textContent.trim() ?? "";
  const days = [...article.querySelectorAll(".pa-paper__days time")];
  const upvotes = /(\d+) upvotes?$/.exec(text(".pa-paper__days"));
  return {
    url,
    byId: true,
    meta: {
      title: text("h1"),
      date: days.length ? days[days.length - 1].getAttribute("datetime") : "",
      upvotes: upvotes ? upvotes[1] : undefined,
      abstract: text(".pa-paper__abstract"),
    },
    filters: { tag: [...article.querySelectorAll(".pa-tags a")].map((a) => a.textContent.trim()) },
  };
}

// The dropdown's matches: titles holding the query's words across the whole archive first,
// shown at once; then the newest quarters' other matches (abstracts, authors) fill the list.
// A query naming a paper by its arXiv id has that paper as its one match.
async function bestMatches(query, current, showSoFar) {
  const byId = await paperById(query);
  if (byId) return { found: [byId], closest: [] };
  const byTitle = await titleMatches(query, DROPDOWN_RESULTS);
  if (byTitle.length) showSoFar({ found: byTitle, closest: [] });
  if (!current() || byTitle.length >= DROPDOWN_RESULTS) return { found: byTitle, closest: [] };
  const absolute = (data) => new URL(data.url, location.href).href;
  const seen = new Set(byTitle.map(absolute));
  const others = (found) => found.filter((data) => !seen.has(absolute(data)));
  const more = await newestMatches(query, DROPDOWN_RESULTS, current, (partial) =>
    showSoFar({ found: [...byTitle, ...others(partial.found)], closest: [] }),
  );
  const found = [...byTitle, ...others(more.found)];
  return { found: found.slice(0, DROPDOWN_RESULTS), closest: found.length ? [] : more.closest };
}

// --- The dropdown under the header's search box ------------------------------------------

function setUpDropdown() {
  const input = form.querySelector("input[name=q]");
  const dropdown = form.querySelector(".pa-search__dropdown");
  const race = latestOnly();

  const close = () => {
    race.cancel();
    dropdown.hidden = true;
    input.setAttribute("aria-expanded", "false");
  };
  // The list is rebuilt as more matches arrive: a result the reader has reached with the
  // arrow keys (or Tab) keeps the focus, by its place in the list.
  const links = () => [...dropdown.querySelectorAll("a")];
  const show = (nodes) => {
    const focused = links().indexOf(document.activeElement);
    dropdown.replaceChildren(...nodes);
    dropdown.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (focused >= 0) (links()[focused] ?? links().at(-1) ?? input).focus();
  };

  const update = () => {
    const query = input.value.trim();
    if (!query) {
      close();
      return;
    }
    race(
      (current, showSoFar) => bestMatches(query, current, showSoFar),
      ({ found, closest }) => {
        const none = element("p", "pa-search__none", `No papers match “${query}”.`);
        const list = element("ol", "pa-results pa-results--compact");
        list.append(...(found.length ? found : closest).map((data) => resultItem(data, false, query)));
        if (!found.length) {
          const close = element("p", "pa-search__close", "Closest matches:");
          show(closest.length ? [none, close, list] : [none]);
          return;
        }
        const all = element("a", "pa-search__all", "All results, ranked and filtered →");
        all.href = `${form.action}?q=${encodeURIComponent(query)}`;
        show([element("p", "pa-search__caption", "Best matches"), list, all]);
      },
    );
  };

  input.addEventListener("focus", () => shardInstance(shards[0]), { once: true });
  input.addEventListener("input", update);
  input.addEventListener("input", () => prefetchTitleFiles(input.value));
  // The arrow keys: Down from the box reaches the first result, Up from the first goes back
  // to the box (a combobox's keys; Tab reaches them too).
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      close();
      input.blur();
    } else if (event.key === "ArrowDown" && !dropdown.hidden && links().length) {
      event.preventDefault();
      links()[0].focus();
    }
  });
  // Escape on a result closes the list and goes back to the box, where the reader can change
  // the query; the focus would otherwise be lost with the list.
  dropdown.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      close();
      input.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const all = links();
    const next = all.indexOf(document.activeElement) + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
  // Material's shortcuts: "/", "s" or "f" jump to the search box.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
    if (["/", "s", "f"].includes(event.key)) {
      event.preventDefault();
      (page ? page.querySelector("input[name=q]") : input).focus();
    }
  });
}

// --- The search page ---------------------------------------------------------------------

function setUpPage() {
  const pageForm = page.querySelector("form");
  const fields = {
    q: pageForm.querySelector("[name=q]"),
    tag: pageForm.querySelector("[name=tag]"),
    when: pageForm.querySelector("[name=when]"),
    sort: pageForm.querySelector("[name=sort]"),
  };
  const status = page.querySelector(".pa-search-status");
  const list = page.querySelector(".pa-results");
  const more = page.querySelector(".pa-search-more");
  const race = latestOnly();
  let results = [];
  let shown = 0;

  const params = new URLSearchParams(location.search);
  for (const [name, field] of Object.entries(fields)) field.value = params.get(name) || "";
  // Back from a result: the page is loaded again, and its history entry says how many results
  // were shown ("More results") and where the reader was; both come back once the first
  // results are in (the browser would scroll before they are).
  let returning = history.state && Number.isFinite(history.state.y) ? history.state : null;
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  const keepPlace = () => history.replaceState({ shown, y: scrollY }, "");
  addEventListener("pagehide", keepPlace);
  list.addEventListener("click", keepPlace);

  const remember = () => {
    const state = new URLSearchParams();
    for (const [name, field] of Object.entries(fields)) if (field.value) state.set(name, field.value);
    history.replaceState(null, "", state.toString() ? `?${state}` : location.pathname);
  };

  // More of the same results; none if a new search replaced them meanwhile (Back can ask for
  // dozens, and the reader may type before they arrive).
  const showMore = async (count = PAGE_RESULTS) => {
    const searched = results;
    const next = searched.slice(shown, shown + count);
    shown += next.length;
    const data = await Promise.all(next.map((r) => r.data()));
    if (searched !== results) return false;
    list.append(...data.map((d) => resultItem(d, true, fields.q.value.trim())));
    more.hidden = shown >= results.length;
    return true;
  };
  const comeBack = async () => {
    const place = returning;
    returning = null;
    if (!place) return;
    if (place.shown > shown && !(await showMore(place.shown - shown))) return;
    scrollTo(0, place.y);
  };

  // The order's default says what it does: best match for words, newest first without them
  // (the explicit "Newest first" is then hidden, and disabled where a browser shows hidden
  // options, as it would be listed twice).
  const order = (value) => fields.sort.querySelector(`option[value="${value}"]`);
  const [defaultOrder, newestOrder] = [order(""), order("newest")];
  const nameDefaultOrder = (query) => {
    defaultOrder.textContent = query ? "Best match" : "Newest first";
    newestOrder.hidden = newestOrder.disabled = !query;
  };

  let firstSearch = true; // only the page's first search comes back to where the reader was
  const update = () => {
    if (!firstSearch) returning = null;
    firstSearch = false;
    remember();
    const query = fields.q.value.trim() || null;
    nameDefaultOrder(query);
    const [whenKey, whenValue] = fields.when.value.split(":");
    const filters = { tag: fields.tag.value, [whenKey || "month"]: whenValue };
    if (!query && !fields.tag.value && !fields.when.value) {
      status.textContent = "Type to search titles, authors, tags and abstracts.";
      list.replaceChildren();
      more.hidden = true;
      return;
    }
    race(
      async () => {
        // An arXiv id leads to its paper, whatever the filters say.
        const paper = query && (await paperById(query));
        if (paper) return { all: [paper], first: [paper], exact: true };
        // With no words there is no best match: a tag's or a month's papers come newest first.
        const sort = fields.sort.value || (query ? "" : "newest");
        const search = await runSearch(query, searchOptions(filters, sort));
        const first = await Promise.all(
          search.results.slice(0, PAGE_RESULTS).map((r) => r.data()),
        );
        if (!query || matchesQuery(query, first)) return { all: search.results, first, exact: true };
        // No match: the first page's close matches only (mistyped words), no more to load.
        return { all: [], first: first.filter((data) => isCloseMatch(query, data)), exact: false };
      },
      ({ all, first, exact }) => {
        results = all;
        shown = all.length ? first.length : 0;
        status.textContent = exact
          ? all.length
            ? `${all.length} paper${all.length === 1 ? "" : "s"} found.`
            : "No papers match this search."
          : `No papers match this search.${first.length ? " Closest matches:" : ""}`;
        list.replaceChildren(...first.map((d) => resultItem(d, true, query)));
        more.hidden = shown >= results.length;
        comeBack();
      },
    );
  };

  pageForm.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  fields.q.addEventListener("input", update);
  for (const name of ["tag", "when", "sort"]) fields[name].addEventListener("change", update);
  more.querySelector("button").addEventListener("click", () => showMore());
  loadPagefind();
  update();
}

if (form && shards.length) setUpDropdown();
if (form && shards.length && page) setUpPage();
