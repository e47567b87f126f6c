"""Documents and their formats: one module per document (:mod:`~aiopgap.render.report`,
:mod:`~aiopgap.render.diff`, :mod:`~aiopgap.render.trend`, :mod:`~aiopgap.render.verdict`,
:mod:`~aiopgap.render.export`), one way to choose a format (:mod:`~aiopgap.render.formats`), one
formatting vocabulary (:mod:`~aiopgap.render.vocabulary`) and one charts module
(:mod:`~aiopgap.render.charts`)."""
