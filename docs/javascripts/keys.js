// Arrow keys (or j/k) move to the previous or next page of the first pager on the page: the
// previous/next day on a day page, the previous/next paper of the day on a paper page, the
// previous/next week or month on a top page. Never while typing in a field, nor with a modifier
// (Alt+arrow is the browser's back and forward).
const KEYS = { ArrowLeft: "prev", k: "prev", ArrowRight: "next", j: "next" };

function typing(target) {
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

document.addEventListener("keydown", (event) => {
  const rel = KEYS[event.key];
  if (!rel || typing(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
  if (event.shiftKey) return;
  const link = document.querySelector(`.pa-pager a[rel=${rel}]`);
  if (!link) return;
  event.preventDefault();
  link.click();
});
