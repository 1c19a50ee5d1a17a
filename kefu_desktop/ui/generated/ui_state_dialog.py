# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'state_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout

class Ui_StateDialog(object):
    def setupUi(self, StateDialog):
        if not StateDialog.objectName():
            StateDialog.setObjectName(u"StateDialog")
        StateDialog.resize(420, 240)
        self.mainLayout = QVBoxLayout(StateDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.currentLabel = QLabel(StateDialog)
        self.currentLabel.setObjectName(u"currentLabel")
        self.currentLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.currentLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.targetLabel = QLabel(StateDialog)
        self.targetLabel.setObjectName(u"targetLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.targetLabel)

        self.targetCombo = QComboBox(StateDialog)
        self.targetCombo.setObjectName(u"targetCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.targetCombo)

        self.noteLabel = QLabel(StateDialog)
        self.noteLabel.setObjectName(u"noteLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.noteEdit = QPlainTextEdit(StateDialog)
        self.noteEdit.setObjectName(u"noteEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.noteEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.buttonBox = QDialogButtonBox(StateDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.targetLabel.setBuddy(self.targetCombo)
        self.noteLabel.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(StateDialog)

        QMetaObject.connectSlotsByName(StateDialog)
    # setupUi

    def retranslateUi(self, StateDialog):
        StateDialog.setWindowTitle(QCoreApplication.translate("StateDialog", u"\u66f4\u6539\u72b6\u6001", None))
        self.targetLabel.setText(QCoreApplication.translate("StateDialog", u"\u6539\u4e3a", None))
        self.noteLabel.setText(QCoreApplication.translate("StateDialog", u"\u8bf4\u660e", None))
        self.noteEdit.setPlaceholderText(QCoreApplication.translate("StateDialog", u"\u4e3a\u4ec0\u4e48\u6539\uff08\u4f1a\u8bb0\u5165\u5904\u7406\u8bb0\u5f55\uff09", None))
    # retranslateUi
