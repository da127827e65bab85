"""The content store: listings in (copied page text, Hugging Face API JSON; `sources/`), one
reviewed YAML file per day out (`store`), merged by `importer` and `fetch` so that nothing
stored is ever lost."""
