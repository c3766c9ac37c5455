"""The demo organisation: a city Department of Agriculture and Rural Development (demo data, not an
official list)."""

from __future__ import annotations

from datetime import date

from models import InitiativeCategory, InitiativeStatus, Role, UnitKind

K = UnitKind

#: (code, name, kind, area, parent code)
UNITS: tuple[tuple[str, str, UnitKind, str, str | None], ...] = (
    ("VP", "Văn phòng Sở", K.DIVISION, "Quận 1", None),
    ("TTRA", "Thanh tra Sở", K.DIVISION, "Quận 1", None),
    ("TCCB", "Phòng Tổ chức cán bộ", K.DIVISION, "Quận 1", None),
    ("KHTC", "Phòng Kế hoạch – Tài chính", K.DIVISION, "Quận 1", None),
    ("QLXD", "Phòng Quản lý xây dựng công trình", K.DIVISION, "Quận 1", None),
    ("CCKL", "Chi cục Kiểm lâm", K.SUB_DEPARTMENT, "Quận 3", None),
    ("CCTL", "Chi cục Thủy lợi", K.SUB_DEPARTMENT, "Quận 3", None),
    ("CCPTNT", "Chi cục Phát triển nông thôn", K.SUB_DEPARTMENT, "Quận 3", None),
    ("CCCNTY", "Chi cục Chăn nuôi và Thú y", K.SUB_DEPARTMENT, "Quận 12", None),
    ("CCTTBVTV", "Chi cục Trồng trọt và Bảo vệ thực vật", K.SUB_DEPARTMENT, "Quận 3", None),
    ("CCTS", "Chi cục Thủy sản", K.SUB_DEPARTMENT, "Quận 3", None),
    ("CCQLCL", "Chi cục Quản lý chất lượng nông lâm sản và thủy sản", K.SUB_DEPARTMENT, "Quận 3", None),
    ("TTKN", "Trung tâm Khuyến nông", K.CENTRE, "Quận 3", None),
    ("TTTV", "Trung tâm Tư vấn và Hỗ trợ chuyển dịch kinh tế nông nghiệp", K.CENTRE, "Quận 3", None),
    ("TTNS", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", K.CENTRE, "Bình Chánh", None),
    ("TTGIONG", "Trung tâm Quản lý và Kiểm định giống cây trồng – vật nuôi", K.CENTRE, "Hóc Môn", None),
    ("TTCNSH", "Trung tâm Công nghệ sinh học", K.CENTRE, "Quận 12", None),
    ("BQLRCG", "Ban Quản lý rừng phòng hộ Cần Giờ", K.BOARD, "Cần Giờ", None),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp và phát triển nông thôn", K.BOARD,
     "Quận 1", None),
    ("TCNTY-CC", "Trạm Chăn nuôi và Thú y huyện Củ Chi", K.STATION, "Củ Chi", "CCCNTY"),
    ("TCNTY-HM", "Trạm Chăn nuôi và Thú y huyện Hóc Môn", K.STATION, "Hóc Môn", "CCCNTY"),
    ("TCNTY-BC", "Trạm Chăn nuôi và Thú y huyện Bình Chánh", K.STATION, "Bình Chánh", "CCCNTY"),
    ("TCNTY-NB", "Trạm Chăn nuôi và Thú y huyện Nhà Bè", K.STATION, "Nhà Bè", "CCCNTY"),
    ("TCNTY-CG", "Trạm Chăn nuôi và Thú y huyện Cần Giờ", K.STATION, "Cần Giờ", "CCCNTY"),
    ("TTT-CC", "Trạm Trồng trọt và Bảo vệ thực vật huyện Củ Chi", K.STATION, "Củ Chi", "CCTTBVTV"),
    ("TTT-HM", "Trạm Trồng trọt và Bảo vệ thực vật huyện Hóc Môn", K.STATION, "Hóc Môn", "CCTTBVTV"),
    ("TTT-BC", "Trạm Trồng trọt và Bảo vệ thực vật huyện Bình Chánh", K.STATION, "Bình Chánh", "CCTTBVTV"),
    ("HKL-CC", "Hạt Kiểm lâm huyện Củ Chi", K.RANGER_POST, "Củ Chi", "CCKL"),
    ("HKL-CG", "Hạt Kiểm lâm huyện Cần Giờ", K.RANGER_POST, "Cần Giờ", "CCKL"),
    ("HKL-BC", "Hạt Kiểm lâm liên huyện Bình Chánh – Nhà Bè", K.RANGER_POST, "Bình Chánh", "CCKL"),
)

#: Streets per area, for plausible addresses.
STREETS = {
    "Quận 1": ("Lê Thánh Tôn", "Nguyễn Thị Minh Khai", "Lý Tự Trọng", "Pasteur"),
    "Quận 3": ("Võ Văn Tần", "Nam Kỳ Khởi Nghĩa", "Cách Mạng Tháng Tám", "Lê Văn Sỹ"),
    "Quận 12": ("Nguyễn Ảnh Thủ", "Hà Huy Giáp", "Tô Ký"),
    "Bình Chánh": ("Nguyễn Hữu Trí", "Quốc lộ 1A", "Tân Túc"),
    "Hóc Môn": ("Lý Thường Kiệt", "Quang Trung", "Trưng Nữ Vương"),
    "Củ Chi": ("Tỉnh lộ 8", "Nguyễn Thị Rành", "Quốc lộ 22"),
    "Nhà Bè": ("Nguyễn Bình", "Huỳnh Tấn Phát", "Lê Văn Lương"),
    "Cần Giờ": ("Rừng Sác", "Lương Văn Nho", "Duyên Hải"),
}
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Thu")
GIVEN_NAMES = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Long", "Mai", "Nam", "Phúc",
               "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vy")

#: (full name, home unit code, can lead, per week at most, login username or None)
INSPECTORS = (
    ("Nguyễn Thanh Tùng", "TTRA", True, 3, "inspector1"),
    ("Lê Thị Thu Hằng", "TTRA", True, 3, "inspector2"),
    ("Trần Quốc Bảo", "TTRA", False, 3, None),
    ("Phạm Ngọc Diệp", "TTRA", False, 2, None),
    ("Võ Minh Khang", "VP", True, 2, None),
    ("Đặng Thị Kim Oanh", "VP", False, 2, None),
    ("Huỳnh Văn Lộc", "TCCB", False, 2, None),
    ("Bùi Thị Ngọc Trâm", "TCCB", False, 3, None),
)

#: (inspector name, first day, last day, reason): the leave of the 2020 programme's time.
LEAVES = (
    ("Trần Quốc Bảo", date(2020, 6, 15), date(2020, 6, 26), "Nghỉ phép năm"),
    ("Lê Thị Thu Hằng", date(2020, 8, 3), date(2020, 8, 7), "Học lớp bồi dưỡng nghiệp vụ"),
)

#: (inspector name, first and last day counted from today, reason): leave taken lately and ahead.
RECENT_LEAVES = (
    ("Trần Quốc Bảo", -40, -31, "Nghỉ phép năm"),
    ("Lê Thị Thu Hằng", 9, 13, "Học lớp bồi dưỡng nghiệp vụ"),
)

#: (inspector name, unit code, reason) — beyond the home unit, which is always a conflict.
CONFLICTS = (
    ("Huỳnh Văn Lộc", "CCTS", "Vợ công tác tại đơn vị"),
)

#: (username, full name, role, unit code)
USERS = (
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("planner", "Phạm Thị Kế Hoạch", Role.PLANNER, "TTRA"),
    ("inspector1", "Nguyễn Thanh Tùng", Role.INSPECTOR, "TTRA"),
    ("inspector2", "Lê Thị Thu Hằng", Role.INSPECTOR, "TTRA"),
    ("leader", "Trần Văn Lãnh", Role.LEADER, None),
    ("donvi.cckl", "Đỗ Minh Hiếu", Role.UNIT, "CCKL"),
    ("donvi.tcntycc", "Phan Thị Yến", Role.UNIT, "TCNTY-CC"),
)

#: Units whose figures show trouble (many late dossiers, low satisfaction, complaints), and units
#: somewhat below target; every other unit meets its targets.
HIGH_RISK = ("CCTS", "TCNTY-CC", "TTGIONG", "HKL-BC", "TTT-HM")
MEDIUM_RISK = ("CCKL", "CCCNTY", "TTNS", "TCNTY-BC", "BQLDA", "TTT-BC", "CCQLCL")


def risk_level(code: str) -> str:
    """"high", "medium" or "low": how the unit's figures and checklists look in the demo."""
    if code in HIGH_RISK:
        return "high"
    return "medium" if code in MEDIUM_RISK else "low"

C = InitiativeCategory
S = InitiativeStatus
#: The initiatives of 2020, the seed's year, as they stand:
#: (unit code, title, description, category, final status, submitted by, reviewer comment)
INITIATIVES = (
    ("CCKL", "Tiếp nhận hồ sơ cấp phép khai thác lâm sản qua Zalo",
     "Hướng dẫn và nhận trước thành phần hồ sơ qua Zalo chính thức của Chi cục, giảm số lần đi lại của người dân.",
     C.HANDLING_QUALITY, S.SUBMITTED, "donvi.cckl", ""),
    ("TTKN", "Sổ tay ứng xử của viên chức khuyến nông",
     "Biên soạn sổ tay ứng xử bỏ túi và tổ chức sinh hoạt chuyên đề hằng quý.",
     C.STAFF_ATTITUDE, S.UNDER_REVIEW, None, ""),
    ("CCTL", "Một cửa liên thông cấp phép xả thải vào công trình thủy lợi",
     "Phối hợp với Phòng Tài nguyên và Môi trường các huyện để giải quyết hồ sơ trong một lần tiếp nhận.",
     C.HANDLING_QUALITY, S.RECOGNISED, None, "Giải pháp rút ngắn thời gian giải quyết còn 7 ngày; đề nghị nhân rộng."),
    ("VP", "Khảo sát sự hài lòng bằng mã QR tại bộ phận một cửa",
     "Người dân quét mã QR để đánh giá ngay sau khi nhận kết quả; kết quả công khai hằng tháng.",
     C.PUBLIC_SERVICE_CULTURE, S.RECOGNISED, None, "Hiệu quả, tỷ lệ phản hồi tăng gấp ba."),
    ("TCNTY-CC", "Lịch tiêm phòng lưu động theo ấp",
     "Niêm yết lịch tiêm phòng theo ấp và nhắn tin nhắc hộ chăn nuôi.",
     C.PUBLIC_SERVICE_CULTURE, S.RETURNED, "donvi.tcntycc",
     "Đề nghị bổ sung số liệu đo lường hiệu quả trước và sau khi áp dụng."),
    ("HKL-CG", "Hộp thư góp ý điện tử",
     "Lập địa chỉ thư điện tử nhận góp ý của người dân.",
     C.OTHER, S.REJECTED, None, "Trùng với hộp thư góp ý chung của Sở; không phải giải pháp mới."),
)

#: This year's initiatives, one of each status and several recognised; the other units have none
#: yet. Same shape as :data:`INITIATIVES`.
CURRENT_INITIATIVES = (
    ("CCKL", "Số hóa hồ sơ giao khoán bảo vệ rừng",
     "Quét và lưu hồ sơ giao khoán trên phần mềm, tra cứu theo thửa rừng và chủ hộ.",
     C.HANDLING_QUALITY, S.SUBMITTED, "donvi.cckl", ""),
    ("TTCNSH", "Phiếu hẹn trả kết quả có mã tra cứu",
     "Người nộp hồ sơ tra cứu tình trạng hồ sơ bằng mã in trên phiếu hẹn.",
     C.HANDLING_QUALITY, S.SUBMITTED, None, ""),
    ("TTKN", "Sổ tay ứng xử của viên chức khuyến nông",
     "Biên soạn sổ tay ứng xử bỏ túi và tổ chức sinh hoạt chuyên đề hằng quý.",
     C.STAFF_ATTITUDE, S.UNDER_REVIEW, None, ""),
    ("CCTS", "Nhắc lịch đăng kiểm tàu cá qua tin nhắn",
     "Gửi tin nhắn nhắc chủ tàu trước hạn đăng kiểm 30 ngày.",
     C.PUBLIC_SERVICE_CULTURE, S.UNDER_REVIEW, None, ""),
    ("TCNTY-CC", "Lịch tiêm phòng lưu động theo ấp",
     "Niêm yết lịch tiêm phòng theo ấp và nhắn tin nhắc hộ chăn nuôi.",
     C.PUBLIC_SERVICE_CULTURE, S.RETURNED, "donvi.tcntycc",
     "Đề nghị bổ sung số liệu đo lường hiệu quả trước và sau khi áp dụng."),
    ("HKL-CG", "Hộp thư góp ý điện tử",
     "Lập địa chỉ thư điện tử nhận góp ý của người dân.",
     C.OTHER, S.REJECTED, None, "Trùng với hộp thư góp ý chung của Sở; không phải giải pháp mới."),
    ("CCTL", "Một cửa liên thông cấp phép xả thải vào công trình thủy lợi",
     "Phối hợp với Phòng Tài nguyên và Môi trường các huyện để giải quyết hồ sơ trong một lần tiếp nhận.",
     C.HANDLING_QUALITY, S.RECOGNISED, None, "Giải pháp rút ngắn thời gian giải quyết còn 7 ngày; đề nghị nhân rộng."),
    ("VP", "Khảo sát sự hài lòng bằng mã QR tại bộ phận một cửa",
     "Người dân quét mã QR để đánh giá ngay sau khi nhận kết quả; kết quả công khai hằng tháng.",
     C.PUBLIC_SERVICE_CULTURE, S.RECOGNISED, None, "Hiệu quả, tỷ lệ phản hồi tăng gấp ba."),
    ("TTRA", "Công khai tiến độ xử lý đơn thư trên cổng thông tin",
     "Mỗi đơn thư có mã theo dõi; người gửi xem được bước xử lý hiện tại.",
     C.HANDLING_QUALITY, S.RECOGNISED, None, "Minh bạch, giảm số lần hỏi lại."),
    ("TCCB", "Chấm điểm văn hóa công sở hằng tháng",
     "Các phòng tự chấm và chấm chéo theo bộ tiêu chí; kết quả tính vào thi đua.",
     C.STAFF_ATTITUDE, S.RECOGNISED, None, "Đã áp dụng ổn định sáu tháng."),
    ("TTKN", "Lớp tập huấn trực tuyến cho hộ nông dân",
     "Phát trực tuyến lớp tập huấn kỹ thuật, lưu lại video để xem lại.",
     C.PUBLIC_SERVICE_CULTURE, S.RECOGNISED, None, "Số người tham dự tăng gấp đôi."),
    ("CCQLCL", "Trả kết quả kiểm nghiệm qua thư điện tử",
     "Gửi bản điện tử có chữ ký số trước khi trả bản giấy.",
     C.HANDLING_QUALITY, S.RECOGNISED, None, "Rút ngắn thời gian nhận kết quả hai ngày."),
    ("TTNS", "Đường dây nóng sự cố nước sạch",
     "Một số điện thoại trực 24/7, phân công xử lý trong ngày.",
     C.PUBLIC_SERVICE_CULTURE, S.RECOGNISED, None, "Phản ánh được xử lý trong ngày đạt 95%."),
    ("BQLRCG", "Bản đồ số tuyến tuần tra rừng",
     "Ghi nhận tuyến tuần tra bằng điện thoại, tổng hợp tự động hằng tuần.",
     C.OTHER, S.RECOGNISED, None, "Hữu ích cho công tác quản lý."),
)

#: Last year's: most units had one recognised, a few were rejected.
LAST_YEAR_RECOGNISED = ("VP", "TTRA", "TCCB", "KHTC", "CCKL", "CCTL", "CCPTNT", "CCCNTY", "TTKN", "TTTV", "TTNS",
                        "TTCNSH", "BQLRCG", "BQLDA", "TTT-CC", "HKL-CC", "HKL-CG")
LAST_YEAR_REJECTED = ("CCTS", "TCNTY-CC")

#: Titles of last year's initiatives, given in turn.
LAST_YEAR_TITLES = (
    ("Niêm yết quy trình giải quyết hồ sơ bằng sơ đồ", C.HANDLING_QUALITY),
    ("Tổ hỗ trợ nộp hồ sơ trực tuyến tại bộ phận một cửa", C.HANDLING_QUALITY),
    ("Quy tắc ứng xử khi tiếp công dân qua điện thoại", C.STAFF_ATTITUDE),
    ("Góc thân thiện dành cho người cao tuổi tại nơi tiếp nhận", C.PUBLIC_SERVICE_CULTURE),
    ("Bảng theo dõi hồ sơ sắp đến hạn", C.HANDLING_QUALITY),
    ("Sinh hoạt chuyên đề văn hóa công vụ hằng quý", C.STAFF_ATTITUDE),
)

#: A finding's note, per answer: partly compliant, not compliant.
FINDING_NOTES = {
    "P": "Thực hiện chưa đầy đủ; một số hồ sơ, sổ sách còn thiếu.",
    "N": "Chưa thực hiện tại thời điểm kiểm tra.",
}
