"""The Standing Committee's monthly review: decision registers, meetings,
outcomes and what follows them (DOMAIN.md §1.12–1.13)."""
