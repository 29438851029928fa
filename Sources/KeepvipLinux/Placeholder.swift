// KeepvipLinux
