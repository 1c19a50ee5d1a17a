"""Evidence files: safe names, atomic writes, hashes, image checks, thumbnails (no Qt, no DB)."""
