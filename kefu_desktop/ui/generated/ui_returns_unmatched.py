# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'returns_unmatched.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

class Ui_UnmatchedParcelDialog(object):
    def setupUi(self, UnmatchedParcelDialog):
        if not UnmatchedParcelDialog.objectName():
            UnmatchedParcelDialog.setObjectName(u"UnmatchedParcelDialog")
        UnmatchedParcelDialog.resize(520, 400)
        self.mainLayout = QVBoxLayout(UnmatchedParcelDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(UnmatchedParcelDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.waybillLabel = QLabel(UnmatchedParcelDialog)
        self.waybillLabel.setObjectName(u"waybillLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.waybillLabel)

        self.waybillEdit = QLineEdit(UnmatchedParcelDialog)
        self.waybillEdit.setObjectName(u"waybillEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.waybillEdit)

        self.courierLabel = QLabel(UnmatchedParcelDialog)
        self.courierLabel.setObjectName(u"courierLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.courierLabel)

        self.courierCombo = QComboBox(UnmatchedParcelDialog)
        self.courierCombo.setObjectName(u"courierCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.courierCombo)

        self.senderLabel = QLabel(UnmatchedParcelDialog)
        self.senderLabel.setObjectName(u"senderLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.senderLabel)

        self.senderEdit = QLineEdit(UnmatchedParcelDialog)
        self.senderEdit.setObjectName(u"senderEdit")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.senderEdit)

        self.contentsLabel = QLabel(UnmatchedParcelDialog)
        self.contentsLabel.setObjectName(u"contentsLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.contentsLabel)

        self.contentsEdit = QPlainTextEdit(UnmatchedParcelDialog)
        self.contentsEdit.setObjectName(u"contentsEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.contentsEdit)

        self.remarkLabel = QLabel(UnmatchedParcelDialog)
        self.remarkLabel.setObjectName(u"remarkLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.remarkLabel)

        self.remarkEdit = QLineEdit(UnmatchedParcelDialog)
        self.remarkEdit.setObjectName(u"remarkEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.remarkEdit)

        self.photoTitle = QLabel(UnmatchedParcelDialog)
        self.photoTitle.setObjectName(u"photoTitle")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.photoTitle)

        self.photoLayout = QHBoxLayout()
        self.photoLayout.setObjectName(u"photoLayout")
        self.photoLabel = QLabel(UnmatchedParcelDialog)
        self.photoLabel.setObjectName(u"photoLabel")

        self.photoLayout.addWidget(self.photoLabel)

        self.photoButton = QPushButton(UnmatchedParcelDialog)
        self.photoButton.setObjectName(u"photoButton")

        self.photoLayout.addWidget(self.photoButton)


        self.formLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.photoLayout)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(UnmatchedParcelDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(UnmatchedParcelDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.waybillLabel.setBuddy(self.waybillEdit)
        self.courierLabel.setBuddy(self.courierCombo)
        self.senderLabel.setBuddy(self.senderEdit)
        self.contentsLabel.setBuddy(self.contentsEdit)
        self.remarkLabel.setBuddy(self.remarkEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(UnmatchedParcelDialog)

        QMetaObject.connectSlotsByName(UnmatchedParcelDialog)
    # setupUi

    def retranslateUi(self, UnmatchedParcelDialog):
        UnmatchedParcelDialog.setWindowTitle(QCoreApplication.translate("UnmatchedParcelDialog", u"\u767b\u8bb0\u65e0\u4e3b\u4ef6", None))
        self.introLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u627e\u4e0d\u5230\u5bf9\u5e94\u552e\u540e\u5355\u7684\u9000\u8d27\u5305\u88f9\uff0c\u5148\u767b\u8bb0\u4e0b\u6765\uff1b\u4ee5\u540e\u53ef\u5728\u300c\u65e0\u4e3b\u4ef6\u300d\u91cc\u8ba4\u9886\u5230\u552e\u540e\u5355\u3002", None))
        self.waybillLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u8fd0\u5355\u53f7", None))
        self.courierLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u5feb\u9012\u516c\u53f8", None))
        self.senderLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u5bc4\u4ef6\u4eba", None))
        self.senderEdit.setPlaceholderText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u9762\u5355\u4e0a\u7684\u5bc4\u4ef6\u4eba\u59d3\u540d\u3001\u7535\u8bdd\u540e\u56db\u4f4d", None))
        self.contentsLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u5305\u88f9\u5185\u5bb9", None))
        self.contentsEdit.setPlaceholderText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u6b3e\u53f7\u3001\u989c\u8272\u3001\u5c3a\u7801\u3001\u4ef6\u6570\uff0c\u6709\u65e0\u5355\u636e", None))
        self.remarkLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u5907\u6ce8", None))
        self.photoTitle.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u7167\u7247", None))
        self.photoLabel.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u5c1a\u672a\u9009\u62e9\uff08\u5b58\u5165\u5f52\u6863\u7684\u300c\u9000\u8d27\u65e0\u4e3b\u4ef6\u300d\u6587\u4ef6\u5939\uff09", None))
        self.photoButton.setText(QCoreApplication.translate("UnmatchedParcelDialog", u"\u9009\u62e9\u7167\u7247\u2026", None))
    # retranslateUi
