"""The main window's style sheet, drawn from the theme (light or dark)."""

from __future__ import annotations

from billing_desktop.ui.theme import Theme


def style_sheet(t: Theme) -> str:
    """The main window's look in the theme `t` (light or dark)."""
    return f"""
#filterBar {{ background: {t.base}; border: 1px solid {t.border}; border-radius: 8px; }}
#summaryCard {{ background: {t.base}; border: 1px solid {t.border}; border-radius: 8px; }}
#chartFrame {{ background: {t.base}; border: 1px solid {t.border}; border-radius: 8px; }}
#cardTitle {{ color: {t.muted}; font-size: 8pt; font-weight: 600; letter-spacing: 0.5px; }}
QLabel[cardValue="true"] {{ font-size: 17pt; font-weight: 600; color: {t.value}; }}
QLabel[cardValue="true"][loading="true"] {{ color: {t.loading}; }}
QLabel[cardValue="true"]:disabled, #cardTitle:disabled {{ color: {t.loading}; }}
#cardDetail {{ color: {t.muted}; font-size: 8pt; }}
#cardDetail:disabled {{ color: {t.loading}; }}
#errorBanner {{ background: {t.error_bg}; border: 1px solid {t.error_border}; border-radius: 8px; }}
#errorText {{ color: {t.error}; }}
#failedRunsBanner {{ background: {t.error_bg}; border: 1px solid {t.error_border};
    border-radius: 8px; }}
#failedRunsText {{ color: {t.error}; }}
#demoBanner {{ background: {t.header_bg}; border: 1px solid {t.accent}; border-radius: 8px; }}
#demoBannerText {{ color: {t.header_text}; font-weight: 600; }}
#exportButton {{ font-weight: 600; padding: 4px 14px; }}
QGroupBox#tableBox {{ background: {t.base}; border: 1px solid {t.border}; border-radius: 8px;
    margin-top: 0px; padding-top: 30px; font-weight: 600; }}
QGroupBox#tableBox::title {{ subcontrol-origin: padding; subcontrol-position: top left;
    left: 12px; top: 8px; color: {t.text}; }}
QGroupBox#tableBox QTableView {{ border: 1px solid {t.grid}; gridline-color: {t.grid}; }}
QTableView#tenantTableTotals, QTableView#modelTableTotals {{ background: {t.header_bg};
    color: {t.header_text}; border: 1px solid {t.grid}; border-top: 2px solid {t.border}; }}
QGroupBox#tableBox QHeaderView::section {{ background: {t.header_bg}; color: {t.header_text};
    border: none; border-bottom: 1px solid {t.border}; border-right: 1px solid {t.grid};
    padding: 4px 4px 4px 3px; }}
"""
