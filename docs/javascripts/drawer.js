// Paper pages leave out Material's navigation tree (the drawer on phones; wide screens show the
// tabs): 50,000 copies of it would cost the site 50 MB. The first time a reader opens the drawer,
// the one shared copy is fetched into it. Its links are relative to a paper page, where it is used.
const holder = document.querySelector("[data-pa-drawer]");
const drawer = document.getElementById("__drawer");

async function fillDrawer() {
  const response = await fetch(holder.dataset.paDrawer);
  if (response.ok) holder.innerHTML = await response.text(); // the site's own file, not user text
}

if (holder && drawer) drawer.addEventListener("change", fillDrawer, { once: true });
