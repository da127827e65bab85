"""The build: `generate` runs the stages (content, archive, site) and writes only the pages whose
inputs changed, remembering what it knew in `state` (the only cache); `search_index` runs
Pagefind over the papers' search documents."""
