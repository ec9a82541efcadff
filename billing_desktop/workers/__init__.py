"""QObject workers moved to QThreads: they drive the Qt-free core off the GUI thread."""
