"""The static site: every page, file, API answer and embed a reader needs, computed once per refresh.

`python -m monitor publish OUT` writes it (publish.cli); a refresh that changed the data republishes
(publish.site.publish_after_refresh). Its layer sits above views/ (it draws HTML, SVG and PDF with
the dashboard's own functions, so the files are the dashboard's byte for byte) and below the entry
points (app.py, dashboard.py, monitor/__main__.py), which may call it. tests/test_layout.py says so.

    inputs.py   the data directory loaded once, without Streamlit
    html.py     the page frame, its style and the language links
    pages.py    the index pages, a page per State, the embed page
    api.py      api/v1: the JSON answers, their JSON Schemas, the targets CSV
    embed.py    the standalone map and the count badges (SVG)
    briefs.py   the PDF briefs, over a pool of processes
    write.py    the folder written all or nothing, only what changed
    site.py     the whole site as {path: bytes}, published
    cli.py      `python -m monitor publish`
"""
