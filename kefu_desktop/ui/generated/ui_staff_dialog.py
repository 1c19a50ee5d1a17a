# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'staff_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QVBoxLayout, QWidget

class Ui_StaffDialog(object):
    def setupUi(self, StaffDialog):
        if not StaffDialog.objectName():
            StaffDialog.setObjectName(u"StaffDialog")
        StaffDialog.resize(760, 640)
        self.mainLayout = QVBoxLayout(StaffDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(StaffDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.accountTable = QTableWidget(StaffDialog)
        self.accountTable.setObjectName(u"accountTable")
        self.accountTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.accountTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.accountTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.accountTable.setAlternatingRowColors(True)

        self.mainLayout.addWidget(self.accountTable)

        self.accountButtons = QHBoxLayout()
        self.accountButtons.setObjectName(u"accountButtons")
        self.toggleButton = QPushButton(StaffDialog)
        self.toggleButton.setObjectName(u"toggleButton")

        self.accountButtons.addWidget(self.toggleButton)

        self.resetButton = QPushButton(StaffDialog)
        self.resetButton.setObjectName(u"resetButton")

        self.accountButtons.addWidget(self.resetButton)

        self.roleButton = QPushButton(StaffDialog)
        self.roleButton.setObjectName(u"roleButton")

        self.accountButtons.addWidget(self.roleButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.accountButtons.addItem(self.buttonSpacer)


        self.mainLayout.addLayout(self.accountButtons)

        self.newGroup = QGroupBox(StaffDialog)
        self.newGroup.setObjectName(u"newGroup")
        self.newLayout = QFormLayout(self.newGroup)
        self.newLayout.setObjectName(u"newLayout")
        self.loginLabel = QLabel(self.newGroup)
        self.loginLabel.setObjectName(u"loginLabel")

        self.newLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.loginLabel)

        self.loginEdit = QLineEdit(self.newGroup)
        self.loginEdit.setObjectName(u"loginEdit")

        self.newLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.loginEdit)

        self.nameLabel = QLabel(self.newGroup)
        self.nameLabel.setObjectName(u"nameLabel")

        self.newLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.newGroup)
        self.nameEdit.setObjectName(u"nameEdit")

        self.newLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.roleLabel = QLabel(self.newGroup)
        self.roleLabel.setObjectName(u"roleLabel")

        self.newLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.roleCombo = QComboBox(self.newGroup)
        self.roleCombo.setObjectName(u"roleCombo")

        self.newLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.roleCombo)

        self.passwordLabel = QLabel(self.newGroup)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.newLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(self.newGroup)
        self.passwordEdit.setObjectName(u"passwordEdit")

        self.newLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.problemLabel = QLabel(self.newGroup)
        self.problemLabel.setObjectName(u"problemLabel")
        self.problemLabel.setStyleSheet(u"color: #c62828;")
        self.problemLabel.setWordWrap(True)

        self.newLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.problemLabel)

        self.createButton = QPushButton(self.newGroup)
        self.createButton.setObjectName(u"createButton")

        self.newLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.createButton)


        self.mainLayout.addWidget(self.newGroup)

        self.buttonBox = QDialogButtonBox(StaffDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.loginLabel.setBuddy(self.loginEdit)
        self.nameLabel.setBuddy(self.nameEdit)
        self.roleLabel.setBuddy(self.roleCombo)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.loginEdit, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.roleCombo)
        QWidget.setTabOrder(self.roleCombo, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.createButton)

        self.retranslateUi(StaffDialog)

        QMetaObject.connectSlotsByName(StaffDialog)
    # setupUi

    def retranslateUi(self, StaffDialog):
        StaffDialog.setWindowTitle(QCoreApplication.translate("StaffDialog", u"\u5458\u5de5\u8d26\u53f7", None))
        self.introLabel.setText(QCoreApplication.translate("StaffDialog", u"\u7ed9\u540c\u4e8b\u5f00\u8d26\u53f7\uff1a\u552e\u540e\u5ba2\u670d\u5f00\u5355\u5904\u7406\uff0c\u4ed3\u5e93\u6838\u5b9e\u5e95\u5355\u548c\u79f0\u91cd\uff0c\u5ba2\u670d\u4e3b\u7ba1\u5ba1\u6279\u8865\u507f\u548c\u5347\u7ea7\u3002\u79bb\u804c\u7684\u540c\u4e8b\u505c\u7528\u5373\u53ef\uff0c\u5df2\u5904\u7406\u7684\u552e\u540e\u5355\u548c\u8bb0\u5f55\u90fd\u4f1a\u4fdd\u7559\u3002", None))
        self.toggleButton.setText(QCoreApplication.translate("StaffDialog", u"\u505c\u7528", None))
        self.resetButton.setText(QCoreApplication.translate("StaffDialog", u"\u91cd\u8bbe\u5bc6\u7801\u2026", None))
        self.roleButton.setText(QCoreApplication.translate("StaffDialog", u"\u66f4\u6539\u89d2\u8272\u2026", None))
        self.newGroup.setTitle(QCoreApplication.translate("StaffDialog", u"\u65b0\u5efa\u8d26\u53f7", None))
        self.loginLabel.setText(QCoreApplication.translate("StaffDialog", u"\u767b\u5f55\u540d", None))
        self.loginEdit.setPlaceholderText(QCoreApplication.translate("StaffDialog", u"\u4f8b\u5982 kefu05", None))
        self.nameLabel.setText(QCoreApplication.translate("StaffDialog", u"\u59d3\u540d", None))
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("StaffDialog", u"\u5199\u5728\u8ba2\u5355\u5907\u6ce8\u91cc\u7684\u540d\u5b57", None))
        self.roleLabel.setText(QCoreApplication.translate("StaffDialog", u"\u89d2\u8272", None))
        self.passwordLabel.setText(QCoreApplication.translate("StaffDialog", u"\u521d\u59cb\u5bc6\u7801", None))
        self.passwordEdit.setPlaceholderText(QCoreApplication.translate("StaffDialog", u"\u81f3\u5c11 6 \u4f4d\uff0c\u544a\u8bc9\u540c\u4e8b\u540e\u8bf7\u5176\u81ea\u884c\u4fdd\u7ba1", None))
        self.createButton.setText(QCoreApplication.translate("StaffDialog", u"\u521b\u5efa\u8d26\u53f7", None))
    # retranslateUi
