// KeepvipConfig
