"""Stage 5: renderings of a :class:`~summarizer.core.schema.SummaryResult` for editors.

Pure functions, no model calls:

- :func:`render_markdown` -- the Markdown brief an editor reads first.
- :func:`render_html` -- the self-contained HTML review page (article with evidence
  highlighted and linked both ways to the brief).
- :func:`render_analysis_markdown` -- the Markdown of an :class:`~summarizer.core.schema.Analysis`
  alone (actors, who said what, hedges), for ``summarizer analyze``.
"""

from summarizer.render.html import render_html
from summarizer.render.markdown import render_analysis_markdown, render_markdown

__all__ = ["render_analysis_markdown", "render_html", "render_markdown"]
