"""What a located YAML document is made of, and the size limit every content file is read under.

Apart from the loader (``yamlsource``), so that code which only holds or checks loaded content,
and every process whose content comes from the compiled cache, never imports PyYAML: it is about
1 MiB of each served session's memory and is needed only when a content file is parsed.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000


class LocatedDict(dict):
    pos: tuple[int, int] = (1, 1)
    key_pos: dict

    def where(self, key=None) -> tuple[int, int]:
        return self.key_pos.get(key, self.pos) if key is not None else self.pos


class LocatedList(list):
    pos: tuple[int, int] = (1, 1)
    item_pos: list

    def where(self, index=None) -> tuple[int, int]:
        if index is None or index >= len(self.item_pos):
            return self.pos
        return self.item_pos[index]
