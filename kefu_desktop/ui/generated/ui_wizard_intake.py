# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_intake.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QGridLayout, QLabel, QLineEdit, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_WizardIntake(object):
    def setupUi(self, WizardIntake):
        if not WizardIntake.objectName():
            WizardIntake.setObjectName(u"WizardIntake")
        WizardIntake.resize(640, 420)
        self.mainLayout = QVBoxLayout(WizardIntake)
        self.mainLayout.setObjectName(u"mainLayout")
        self.hintLabel = QLabel(WizardIntake)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.hintLabel)

        self.grid = QGridLayout()
        self.grid.setObjectName(u"grid")
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.customerLabel = QLabel(WizardIntake)
        self.customerLabel.setObjectName(u"customerLabel")

        self.grid.addWidget(self.customerLabel, 0, 0, 1, 1)

        self.customerEdit = QLineEdit(WizardIntake)
        self.customerEdit.setObjectName(u"customerEdit")

        self.grid.addWidget(self.customerEdit, 0, 1, 1, 1)

        self.customerError = QLabel(WizardIntake)
        self.customerError.setObjectName(u"customerError")
        self.customerError.setStyleSheet(u"color: #c62828;")
        self.customerError.setWordWrap(True)

        self.grid.addWidget(self.customerError, 0, 2, 1, 1)

        self.orderLabel = QLabel(WizardIntake)
        self.orderLabel.setObjectName(u"orderLabel")

        self.grid.addWidget(self.orderLabel, 1, 0, 1, 1)

        self.orderEdit = QLineEdit(WizardIntake)
        self.orderEdit.setObjectName(u"orderEdit")

        self.grid.addWidget(self.orderEdit, 1, 1, 1, 1)

        self.orderError = QLabel(WizardIntake)
        self.orderError.setObjectName(u"orderError")
        self.orderError.setStyleSheet(u"color: #c62828;")
        self.orderError.setWordWrap(True)

        self.grid.addWidget(self.orderError, 1, 2, 1, 1)

        self.waybillLabel = QLabel(WizardIntake)
        self.waybillLabel.setObjectName(u"waybillLabel")

        self.grid.addWidget(self.waybillLabel, 2, 0, 1, 1)

        self.waybillEdit = QLineEdit(WizardIntake)
        self.waybillEdit.setObjectName(u"waybillEdit")

        self.grid.addWidget(self.waybillEdit, 2, 1, 1, 1)

        self.waybillError = QLabel(WizardIntake)
        self.waybillError.setObjectName(u"waybillError")
        self.waybillError.setStyleSheet(u"color: #c62828;")
        self.waybillError.setWordWrap(True)

        self.grid.addWidget(self.waybillError, 2, 2, 1, 1)

        self.courierLabel = QLabel(WizardIntake)
        self.courierLabel.setObjectName(u"courierLabel")

        self.grid.addWidget(self.courierLabel, 3, 0, 1, 1)

        self.courierCombo = QComboBox(WizardIntake)
        self.courierCombo.setObjectName(u"courierCombo")

        self.grid.addWidget(self.courierCombo, 3, 1, 1, 1)

        self.courierError = QLabel(WizardIntake)
        self.courierError.setObjectName(u"courierError")
        self.courierError.setStyleSheet(u"color: #c62828;")
        self.courierError.setWordWrap(True)

        self.grid.addWidget(self.courierError, 3, 2, 1, 1)

        self.skuLabel = QLabel(WizardIntake)
        self.skuLabel.setObjectName(u"skuLabel")

        self.grid.addWidget(self.skuLabel, 4, 0, 1, 1)

        self.skuEdit = QLineEdit(WizardIntake)
        self.skuEdit.setObjectName(u"skuEdit")

        self.grid.addWidget(self.skuEdit, 4, 1, 1, 1)

        self.skuError = QLabel(WizardIntake)
        self.skuError.setObjectName(u"skuError")
        self.skuError.setStyleSheet(u"color: #c62828;")
        self.skuError.setWordWrap(True)

        self.grid.addWidget(self.skuError, 4, 2, 1, 1)

        self.colourLabel = QLabel(WizardIntake)
        self.colourLabel.setObjectName(u"colourLabel")

        self.grid.addWidget(self.colourLabel, 5, 0, 1, 1)

        self.colourEdit = QLineEdit(WizardIntake)
        self.colourEdit.setObjectName(u"colourEdit")

        self.grid.addWidget(self.colourEdit, 5, 1, 1, 1)

        self.colourError = QLabel(WizardIntake)
        self.colourError.setObjectName(u"colourError")
        self.colourError.setStyleSheet(u"color: #c62828;")
        self.colourError.setWordWrap(True)

        self.grid.addWidget(self.colourError, 5, 2, 1, 1)

        self.sizeLabel = QLabel(WizardIntake)
        self.sizeLabel.setObjectName(u"sizeLabel")

        self.grid.addWidget(self.sizeLabel, 6, 0, 1, 1)

        self.sizeEdit = QLineEdit(WizardIntake)
        self.sizeEdit.setObjectName(u"sizeEdit")

        self.grid.addWidget(self.sizeEdit, 6, 1, 1, 1)

        self.sizeError = QLabel(WizardIntake)
        self.sizeError.setObjectName(u"sizeError")
        self.sizeError.setStyleSheet(u"color: #c62828;")
        self.sizeError.setWordWrap(True)

        self.grid.addWidget(self.sizeError, 6, 2, 1, 1)

        self.quantityLabel = QLabel(WizardIntake)
        self.quantityLabel.setObjectName(u"quantityLabel")

        self.grid.addWidget(self.quantityLabel, 7, 0, 1, 1)

        self.quantityEdit = QLineEdit(WizardIntake)
        self.quantityEdit.setObjectName(u"quantityEdit")

        self.grid.addWidget(self.quantityEdit, 7, 1, 1, 1)

        self.quantityError = QLabel(WizardIntake)
        self.quantityError.setObjectName(u"quantityError")
        self.quantityError.setStyleSheet(u"color: #c62828;")
        self.quantityError.setWordWrap(True)

        self.grid.addWidget(self.quantityError, 7, 2, 1, 1)

        self.batchLabel = QLabel(WizardIntake)
        self.batchLabel.setObjectName(u"batchLabel")

        self.grid.addWidget(self.batchLabel, 8, 0, 1, 1)

        self.batchEdit = QLineEdit(WizardIntake)
        self.batchEdit.setObjectName(u"batchEdit")

        self.grid.addWidget(self.batchEdit, 8, 1, 1, 1)

        self.batchError = QLabel(WizardIntake)
        self.batchError.setObjectName(u"batchError")
        self.batchError.setStyleSheet(u"color: #c62828;")
        self.batchError.setWordWrap(True)

        self.grid.addWidget(self.batchError, 8, 2, 1, 1)

        self.askedAtLabel = QLabel(WizardIntake)
        self.askedAtLabel.setObjectName(u"askedAtLabel")

        self.grid.addWidget(self.askedAtLabel, 9, 0, 1, 1)

        self.askedAtEdit = QDateTimeEdit(WizardIntake)
        self.askedAtEdit.setObjectName(u"askedAtEdit")
        self.askedAtEdit.setCalendarPopup(True)

        self.grid.addWidget(self.askedAtEdit, 9, 1, 1, 1)

        self.askedAtError = QLabel(WizardIntake)
        self.askedAtError.setObjectName(u"askedAtError")
        self.askedAtError.setStyleSheet(u"color: #c62828;")
        self.askedAtError.setWordWrap(True)

        self.grid.addWidget(self.askedAtError, 9, 2, 1, 1)

        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)

        self.mainLayout.addLayout(self.grid)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.customerLabel.setBuddy(self.customerEdit)
        self.orderLabel.setBuddy(self.orderEdit)
        self.waybillLabel.setBuddy(self.waybillEdit)
        self.courierLabel.setBuddy(self.courierCombo)
        self.skuLabel.setBuddy(self.skuEdit)
        self.colourLabel.setBuddy(self.colourEdit)
        self.sizeLabel.setBuddy(self.sizeEdit)
        self.quantityLabel.setBuddy(self.quantityEdit)
        self.batchLabel.setBuddy(self.batchEdit)
        self.askedAtLabel.setBuddy(self.askedAtEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.customerEdit, self.orderEdit)
        QWidget.setTabOrder(self.orderEdit, self.waybillEdit)
        QWidget.setTabOrder(self.waybillEdit, self.courierCombo)
        QWidget.setTabOrder(self.courierCombo, self.skuEdit)
        QWidget.setTabOrder(self.skuEdit, self.colourEdit)
        QWidget.setTabOrder(self.colourEdit, self.sizeEdit)
        QWidget.setTabOrder(self.sizeEdit, self.quantityEdit)
        QWidget.setTabOrder(self.quantityEdit, self.batchEdit)
        QWidget.setTabOrder(self.batchEdit, self.askedAtEdit)

        self.retranslateUi(WizardIntake)

        QMetaObject.connectSlotsByName(WizardIntake)
    # setupUi

    def retranslateUi(self, WizardIntake):
        self.hintLabel.setText(QCoreApplication.translate("WizardIntake", u"\u586b\u5199\u5ba2\u6237\u548c\u8ba2\u5355\u4fe1\u606f\u3002\u626b\u63cf\u67aa\u626b\u63cf\u9762\u5355\u540e\u81ea\u52a8\u8bc6\u522b\u5feb\u9012\u516c\u53f8\uff1b\u6309\u56de\u8f66\u8fdb\u5165\u4e0b\u4e00\u9879\u3002", None))
        self.customerLabel.setText(QCoreApplication.translate("WizardIntake", u"\u4e70\u5bb6ID\uff08\u65fa\u65faID\uff09", None))
        self.customerEdit.setPlaceholderText(QCoreApplication.translate("WizardIntake", u"\u4ece\u5343\u725b/\u65fa\u65fa\u590d\u5236\u4e70\u5bb6ID", None))
        self.orderLabel.setText(QCoreApplication.translate("WizardIntake", u"\u8ba2\u5355\u53f7", None))
        self.orderEdit.setPlaceholderText(QCoreApplication.translate("WizardIntake", u"\u8ba2\u5355\u8be6\u60c5\u91cc\u7684\u6570\u5b57\u8ba2\u5355\u53f7", None))
        self.waybillLabel.setText(QCoreApplication.translate("WizardIntake", u"\u8fd0\u5355\u53f7", None))
        self.waybillEdit.setPlaceholderText(QCoreApplication.translate("WizardIntake", u"\u53ef\u7528\u626b\u63cf\u67aa\u626b\u63cf\u9762\u5355\u6761\u7801", None))
        self.courierLabel.setText(QCoreApplication.translate("WizardIntake", u"\u5feb\u9012\u516c\u53f8", None))
        self.skuLabel.setText(QCoreApplication.translate("WizardIntake", u"\u6b3e\u53f7/SKU", None))
        self.colourLabel.setText(QCoreApplication.translate("WizardIntake", u"\u989c\u8272", None))
        self.sizeLabel.setText(QCoreApplication.translate("WizardIntake", u"\u5c3a\u7801", None))
        self.quantityLabel.setText(QCoreApplication.translate("WizardIntake", u"\u6570\u91cf", None))
        self.quantityEdit.setText(QCoreApplication.translate("WizardIntake", u"1", None))
        self.batchLabel.setText(QCoreApplication.translate("WizardIntake", u"\u6279\u6b21", None))
        self.batchEdit.setPlaceholderText(QCoreApplication.translate("WizardIntake", u"\u77e5\u9053\u65f6\u586b\u5199\uff08\u6d17\u6807/\u540a\u724c\u4e0a\u7684\u6279\u6b21\u53f7\uff09", None))
        self.askedAtLabel.setText(QCoreApplication.translate("WizardIntake", u"\u5ba2\u6237\u9996\u6b21\u54a8\u8be2\u65f6\u95f4", None))
        self.askedAtEdit.setDisplayFormat(QCoreApplication.translate("WizardIntake", u"yyyy-MM-dd HH:mm", None))
        pass
    # retranslateUi
