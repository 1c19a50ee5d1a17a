# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_drafts.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_ResumeDraftsDialog(object):
    def setupUi(self, ResumeDraftsDialog):
        if not ResumeDraftsDialog.objectName():
            ResumeDraftsDialog.setObjectName(u"ResumeDraftsDialog")
        ResumeDraftsDialog.resize(560, 300)
        self.mainLayout = QVBoxLayout(ResumeDraftsDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.hintLabel = QLabel(ResumeDraftsDialog)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.hintLabel)

        self.draftList = QListWidget(ResumeDraftsDialog)
        self.draftList.setObjectName(u"draftList")

        self.mainLayout.addWidget(self.draftList)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.resumeButton = QPushButton(ResumeDraftsDialog)
        self.resumeButton.setObjectName(u"resumeButton")

        self.buttonRow.addWidget(self.resumeButton)

        self.discardButton = QPushButton(ResumeDraftsDialog)
        self.discardButton.setObjectName(u"discardButton")

        self.buttonRow.addWidget(self.discardButton)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.laterButton = QPushButton(ResumeDraftsDialog)
        self.laterButton.setObjectName(u"laterButton")

        self.buttonRow.addWidget(self.laterButton)


        self.mainLayout.addLayout(self.buttonRow)


        self.retranslateUi(ResumeDraftsDialog)

        self.resumeButton.setDefault(True)


        QMetaObject.connectSlotsByName(ResumeDraftsDialog)
    # setupUi

    def retranslateUi(self, ResumeDraftsDialog):
        ResumeDraftsDialog.setWindowTitle(QCoreApplication.translate("ResumeDraftsDialog", u"\u672a\u5b8c\u6210\u7684\u552e\u540e\u5355", None))
        self.hintLabel.setText(QCoreApplication.translate("ResumeDraftsDialog", u"\u4e0a\u6b21\u6709\u672a\u5b8c\u6210\u7684\u552e\u540e\u5355\u5411\u5bfc\uff0c\u6240\u6709\u5df2\u586b\u5185\u5bb9\u548c\u7167\u7247\u90fd\u5df2\u4fdd\u5b58\u3002\u9009\u62e9\u4e00\u4e2a\u7ee7\u7eed\uff0c\u6216\u653e\u5f03\u3002", None))
        self.resumeButton.setText(QCoreApplication.translate("ResumeDraftsDialog", u"\u7ee7\u7eed\u586b\u5199", None))
        self.discardButton.setText(QCoreApplication.translate("ResumeDraftsDialog", u"\u653e\u5f03\u8be5\u8349\u7a3f", None))
        self.laterButton.setText(QCoreApplication.translate("ResumeDraftsDialog", u"\u7a0d\u540e\u518d\u8bf4", None))
    # retranslateUi
