"""Draw static/favicon.png, the browser tab's icon: a globe in the parties' blue.

`python scripts/make_favicon.py` writes it again (it is committed; app.py serves it at /favicon.png).
Why a file and not `page_icon="🌍"`: Streamlit checks an emoji icon against its emoji table, whose
import compiles one very large regular expression (about 0.1 s) during the first page's run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contract.status import PARTY_RATIFICATION, STATUS_COLORS  # noqa: E402

TARGET = ROOT / "static" / "favicon.png"
SIZE = 64  # drawn at 4x and scaled down, so the curves are smooth at 16 and 32 px


def draw(size: int = SIZE) -> Image.Image:
    """A filled circle with two meridians and two parallels, white on the parties' blue."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    edge, line = big // 32, big // 22
    pen.ellipse((edge, edge, big - edge, big - edge), fill=STATUS_COLORS[PARTY_RATIFICATION])
    inner = (edge + line, edge + line, big - edge - line, big - edge - line)
    middle = big // 2
    for half_width in (big // 5, 0):  # an ellipse for a meridian, then the central one as a line
        if half_width:
            pen.ellipse((middle - half_width, inner[1], middle + half_width, inner[3]), outline="white", width=line)
        else:
            pen.line((middle, inner[1], middle, inner[3]), fill="white", width=line)
    for height in (big // 3, 2 * big // 3):
        offset = abs(middle - height)
        reach = int(((middle - edge) ** 2 - offset ** 2) ** 0.5) - line
        pen.line((middle - reach, height, middle + reach, height), fill="white", width=line)
    pen.line((inner[0], middle, inner[2], middle), fill="white", width=line)
    return image.resize((size, size), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    draw().save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)}")
