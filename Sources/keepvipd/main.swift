print("keepvipd")
