print("keepvip")
