// panel_documents: the list of documents (date, kind, title), clipped so long archives scroll smoothly.
#pragma once

struct AppState;

struct DocumentsPanel {
  bool scroll_to_open = false;  // scroll the open document into view on the next frame
};

void DrawDocumentsPanel(DocumentsPanel& panel, AppState& app);
