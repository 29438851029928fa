// KeepvipDaemon
