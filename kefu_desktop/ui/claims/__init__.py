"""快递理赔 and the daily parcel watch (今日跟进)."""
