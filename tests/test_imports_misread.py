"""Issue 13, "Data is misread without a word": files that used to be misread in silence are now read right,
refused with a sentence, or reported. Every file is made here, small, at test time."""

from __future__ import annotations

import numpy as np

from placeviz.imports import import_table
from placeviz.model.geography import attributes


def _liverpool(n: int = 20, set_name: str = "lsoa21") -> list[str]:
    a = attributes(set_name)
    column = "lad24_code" if "lad24_code" in a else "lad21_code"
    return a.loc[a[column] == "E08000012", "code"].sort_values().head(n).tolist()


# ----------------------------------------------------------------------------------------- 3: quoted line breaks


def test_quoted_cells_with_line_breaks_stay_in_their_row(tmp_path):
    """A footnote cell and a header cell with line breaks, quoted as CSV allows: one row each, not several."""
    codes = _liverpool(12)
    lines = ['lsoa21_code,"Rate per 1,000\n(2021)",note']
    for i, code in enumerate(codes):
        note = f'"Revised:\n{codes[-1]} was merged in 2021,\nsee the ""notes"" sheet"' if i == 3 else ""
        lines.append(f'{code},"{i + 0.5}",{note}')
    p = tmp_path / "footnotes.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = import_table(p)
    rep = r.report
    assert rep.code_column == "lsoa21_code" and rep.value_column == "Rate per 1,000 (2021)"
    assert rep.rows == 12 and rep.matched == 12 and rep.with_value == 12
    assert not rep.unmatched and not rep.duplicates and rep.no_data == 0
    np.testing.assert_allclose(r.frame["value"].reindex(codes).to_numpy(), np.arange(12) + 0.5)


def test_an_unclosed_quote_still_spoils_one_row_only(tmp_path):
    codes = _liverpool(10)
    body = "code,rate,note\n" + "".join(
        f'{c},{i},{chr(34) + "open" if i == 2 else ""}\n' for i, c in enumerate(codes))
    body += 'E99999999,1,"closes here"\n'
    p = tmp_path / "ragged.csv"
    p.write_text(body, encoding="utf-8")
    r = import_table(p)
    assert r.report.matched == 10 and r.report.with_value == 10
