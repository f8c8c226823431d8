# 12 tháng 6, 2026 · Ngày 12 tháng 6 năm 2026
DATE_FORMAT = r"\N\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATE_FORMAT = r"j \t\h\á\n\g n, Y"
DATETIME_FORMAT = r"H:i, \N\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATETIME_FORMAT = r"H:i, j \t\h\á\n\g n, Y"
